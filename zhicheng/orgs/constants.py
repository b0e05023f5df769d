from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("地级市")
    COUNTY = "county", _("县级")


class OrgKind(models.TextChoices):
    HR_BUREAU = "hr_bureau", _("人社部门")
    SUPERVISING_UNIT = "supervising_unit", _("主管单位")
    PERSONNEL_UNIT = "personnel_unit", _("人事管理单位")
    COMMITTEE = "committee", _("评审委员会")


class Role(models.TextChoices):
    REVIEWER = "reviewer", _("审核人员")
    ORG_ADMIN = "org_admin", _("单位管理员")
    WINDOW_STAFF = "window_staff", _("窗口工作人员")
    COMMITTEE_OFFICE = "committee_office", _("评委会办公室")
    EXPERT = "expert", _("评审专家")
    EXPERT_POOL_MANAGER = "expert_pool_manager", _("专家库管理员")
    STATS_READER = "stats_reader", _("统计查询人员")
