"""Done-when of issue 20: a real Celery worker delivers through the outbox, exactly once after failures.

The test commits a change that notifies (``notification_send``), and a Celery worker started as a
subprocess against Redis (127.0.0.1:6379, database 7, a queue of its own) delivers the SMS and the
e-mail. The SMS gateway fails twice, so the worker retries with backoff; the SMS reaches the gateway
three times and is delivered once.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

BROKER = os.environ.get("ZHICHENG_TEST_CELERY_BROKER", "redis://127.0.0.1:6379/7")
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL: the worker is another process, and the SQLite test database is in memory, "
           "visible to this process only (CI runs this test in its PostgreSQL pass)",
)


def _redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(BROKER, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def _wait(predicate, what: str, seconds: int = 300):
    for _ in range(seconds * 4):
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def _forget_connections(app) -> None:
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def celery_worker_process(tmp_path, world):
    if not _redis_reachable():
        pytest.fail(f"Redis is not reachable at {BROKER}: start it (.ci/run does) — redis-server --daemonize yes")
    from config.celery import app

    queue = f"zhicheng-test-{uuid.uuid4().hex[:12]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": BROKER,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "ZHICHENG_SMS_BACKEND": "zhicheng.outbox.tests.backends.FlakySmsBackend",
        "ZHICHENG_TEST_SMS_DIR": str(tmp_path),
        "ZHICHENG_TEST_SMS_FAILURES": "2",
        "ZHICHENG_OUTBOX_RETRY_BASE_SECONDS": "1",
        "PYTHONPATH": str(ROOT),
    }
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 — closed below
    worker = subprocess.Popen(  # noqa: S603 — our own interpreter and arguments
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1", "-Q", queue,
         "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(broker_url=BROKER, task_always_eager=False, task_default_queue=queue)
    _forget_connections(app)  # eager tasks of earlier tests opened a producer pool on the old broker URL
    try:
        _wait(lambda: "ready." in (tmp_path / "worker.log").read_text() or worker.poll() is not None, "the worker")
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
        yield tmp_path
    finally:
        app.conf.update(**saved)
        _forget_connections(app)
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_through_the_outbox_once_after_two_failures(celery_worker_process, world):
    from zhicheng.cases.services import notification_send
    from zhicheng.outbox.models import OutgoingMessage
    from zhicheng.outbox.tests.backends import log_lines

    os.environ["ZHICHENG_TEST_SMS_DIR"] = str(celery_worker_process)  # for log_lines in this process
    user = world["applicant_a"]
    with transaction.atomic():  # the change that notifies; the worker is asked once this commits
        note = notification_send(user=user, title="您的申报已退回", body="请于 5 个工作日内补正")
    sms = OutgoingMessage.objects.get(user=user, channel="sms", created_at__gte=note.created_at)
    email = OutgoingMessage.objects.get(user=user, channel="email", created_at__gte=note.created_at)

    def delivered():
        sms.refresh_from_db()
        email.refresh_from_db()
        return sms.status == "sent" and email.status == "sent"

    try:
        _wait(delivered, "delivery by the worker")
    except AssertionError:
        raise AssertionError(f"not delivered: sms {sms.status}/{sms.attempts}, e-mail {email.status}/{email.attempts}; "
                             f"worker log:\n{(celery_worker_process / 'worker.log').read_text()[-3000:]}") from None
    text = "【广东省职称网上申报系统】您的申报已退回。请于 5 个工作日内补正"
    assert (sms.attempts, email.attempts) == (3, 1)
    assert "ConnectionError" in sms.last_error
    time.sleep(3)  # a duplicate task, if any, would have run by now
    assert log_lines("attempts.log") == [text] * 3
    assert log_lines("delivered.log") == [text]
    worker_log = (celery_worker_process / "worker.log").read_text()
    assert "zhicheng.outbox.deliver" in worker_log and "retry" in worker_log.lower()
