from django.core.management.base import BaseCommand

from zhicheng.catalog.services import catalog_load
from zhicheng.orgs.services import hr_bureaus_ensure, regions_load
from zhicheng.workcalendar.services import calendar_seed


class Command(BaseCommand):
    help = "导入行政区划、职称目录、已知年度的放假安排，并确保每个行政区划都有人社部门（可重复执行）。"

    def handle(self, *args, **options):
        regions = regions_load()
        bureaus = hr_bureaus_ensure()
        counts = catalog_load()
        years = calendar_seed()
        self.stdout.write(
            f"行政区划 {regions} 个，人社部门 {bureaus} 个，职称系列 {counts['series']} 个，"
            f"专业 {counts['specialties']} 个，资格名称 {counts['qualifications']} 个，新增放假安排 {years} 个年度。"
        )
