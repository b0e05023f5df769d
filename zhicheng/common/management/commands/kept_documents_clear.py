from django.core.management.base import BaseCommand, CommandError

from zhicheng.common.kept import kept_clear, kept_kinds


class Command(BaseCommand):
    help = "清除已生成并保存的文书 PDF（评审表、考核认定表、一览表、电子证书）；下次下载或后台任务时重新生成。"

    def add_arguments(self, parser):
        parser.add_argument("--kind", default="", help="只清除此类文书（evaluation_form、recognition_form、"
                                                       "summary_sheet_pdf、e_certificate）")

    def handle(self, *args, kind="", **options):
        known = {k.code: k.label for k in kept_kinds()}
        if kind and kind not in known:
            raise CommandError(f"未知的文书类型：{kind}（可选：{'、'.join(known)}）")
        count = kept_clear(kind=kind or None)
        self.stdout.write(f"已清除{known.get(kind, '全部文书')} {count} 份（文件在事务提交后删除）。")
