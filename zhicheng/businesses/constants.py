"""The business types of this app, with the plain words the applicant sees."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from zhicheng.catalog.constants import TitleLevel


class BusinessCode(models.TextChoices):
    EVALUATION = "evaluation", "评审申请"
    RECOGNITION = "recognition", "考核认定申请"
    UNIT_CHANGE = "unit_change", "人事管理单位变更申请"
    REPLACEMENT = "certificate_replacement", "证书补换发"
    EXTERNAL = "external_title_confirmation", "省外来粤资格确认"


#: Levels that may be recognised without a committee (员级、助理级、中级).
RECOGNITION_LEVELS = (TitleLevel.INTERMEDIATE.value, TitleLevel.ASSISTANT.value, TitleLevel.JUNIOR.value)

PROVINCES_OUTSIDE = [
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省",
    "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广西壮族自治区", "海南省",
    "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区",
    "新疆维吾尔自治区", "新疆生产建设兵团",
]


@dataclass(frozen=True)
class BusinessSpec:
    code: str
    label: str
    when: str  # when to use it, in plain words
    route: str  # the route, in plain words
    template_name: str  # the file name of its form and detail templates (forms/<name>.html, detail/<name>.html)

    @property
    def form_template(self) -> str:
        return f"businesses/forms/{self.template_name}.html"

    @property
    def detail_template(self) -> str:
        return f"businesses/detail/{self.template_name}.html"


BUSINESSES = [
    BusinessSpec(
        BusinessCode.EVALUATION, "评审申请",
        "申报由评审委员会评审的职称（如工程师、高级工程师）。在评委会的年度评审计划申报时间内提交。",
        "人事管理单位 → 主管单位 → 评委会办公室", "evaluation",
    ),
    BusinessSpec(
        BusinessCode.RECOGNITION, "考核认定申请",
        "符合学历和资历条件的员级、助理级、中级职称，不经评委会评审，由人社部门考核认定。",
        "人事管理单位 → 主管单位 → 人社部门", "recognition",
    ),
    BusinessSpec(
        BusinessCode.UNIT_CHANGE, "人事管理单位变更申请",
        "调动工作、人事档案转到别的单位或人才市场后，把人事管理单位改为新单位。",
        "原人事管理单位 → 新人事管理单位 → 新主管单位", "unit_change",
    ),
    BusinessSpec(
        BusinessCode.REPLACEMENT, "证书补换发",
        "本系统颁发的职称证书遗失或损毁，申请补发或换发新证书（原证书随之失效）。",
        "人事管理单位 → 主管单位 → 发证的人社部门", "replacement",
    ),
    BusinessSpec(
        BusinessCode.EXTERNAL, "省外来粤资格确认",
        "在外省取得的职称，来广东工作后申请确认，确认后在省内有效。",
        "人事管理单位 → 主管单位 → 人社部门", "external",
    ),
]
BUSINESS_BY_CODE = {b.code: b for b in BUSINESSES}
