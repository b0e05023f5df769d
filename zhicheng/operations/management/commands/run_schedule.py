import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from zhicheng.operations.schedule import JOBS, schedule_run


class Command(BaseCommand):
    help = (
        "运行定时任务：发送队列中到期的消息（outbox）、办理期限检查和到期提醒（deadlines）、审计检查点（audit）。"
        "不带参数时各运行一次，供没有 Celery beat 的部署用 cron 调用；--loop 一直运行（./manage.sh run 自动启动）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", action="append", choices=sorted(JOBS), help="只运行指定任务，可重复")
        parser.add_argument(
            "--loop", action="store_true",
            help="一直运行：每 OUTBOX_SWEEP_SECONDS 秒派发到期消息，每天运行一次期限检查和提醒，每 5 分钟写审计检查点",
        )

    def handle(self, *args, only=None, loop=False, **options):
        if not loop:
            try:
                for line in schedule_run(only=only):
                    self.stdout.write(line)
            except KeyError as exc:
                raise CommandError(f"未知的任务：{exc}") from exc
            return
        self._loop(only or list(JOBS))

    def _loop(self, names: list[str]) -> None:
        stop = {"now": False}
        signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
        every = {"outbox": settings.OUTBOX_SWEEP_SECONDS, "audit": settings.AUDIT_CHECKPOINT_SECONDS}
        last_run: dict[str, float] = {}
        last_day = None
        self.stdout.write(f"定时任务已启动：{', '.join(names)}")
        while not stop["now"]:
            now = time.monotonic()
            due = [n for n in names if n in every and now - last_run.get(n, -1e9) >= every[n]]
            today = timezone.localdate()
            if "deadlines" in names and today != last_day:
                due.append("deadlines")
                last_day = today
            for name in due:
                close_old_connections()
                try:
                    line = schedule_run(only=[name])[0]
                except Exception as exc:  # noqa: BLE001 — one failing run must not stop the loop
                    self.stderr.write(f"{name} 运行失败：{type(exc).__name__}: {exc}")
                else:
                    if name != "outbox" or not line.endswith(" 0 条到期消息"):
                        self.stdout.write(line)
                last_run[name] = now
            time.sleep(1)
