"""Lists used by personal information (个人基本信息)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

ETHNICITIES = [
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族",
    "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族",
    "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族",
    "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族",
    "德昂族", "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
    # GB/T 3304: 97 其他 (also for foreign nationals, who have no 民族), 98 外国血统中国籍人士.
    "其他", "外国血统中国籍人士",
]
ETHNICITY_CHOICES = [(e, e) for e in ETHNICITIES]


class PoliticalStatus(models.TextChoices):
    CPC = "cpc", _("中共党员")
    CPC_PROBATION = "cpc_probation", _("中共预备党员")
    CYL = "cyl", _("共青团员")
    DEMOCRATIC = "democratic", _("民主党派")
    NONPARTISAN = "nonpartisan", _("无党派人士")
    MASSES = "masses", _("群众")


class Degree(models.TextChoices):
    NONE = "", _("无")
    BACHELOR = "bachelor", _("学士")
    MASTER = "master", _("硕士")
    DOCTOR = "doctor", _("博士")


class AchievementKind(models.TextChoices):
    PROJECT = "project", _("项目")
    PAPER = "paper", _("论文")
    AWARD = "award", _("获奖")
    PATENT = "patent", _("专利")


class AppraisalResult(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    QUALIFIED = "qualified", _("合格")
    BASIC = "basic", _("基本合格")
    UNQUALIFIED = "unqualified", _("不合格")


class AttachmentKind(models.TextChoices):
    ID_CARD = "id_card", _("居民身份证")
    EDUCATION = "education", _("学历学位证书")
    TITLE = "title", _("职称证书")
    ACHIEVEMENT = "achievement", _("业绩成果材料")
    OTHER = "other", _("其他")


class ProfileState(models.TextChoices):
    """What the applicant sees; derived from the stored version and the open profile case."""

    EMPTY = "empty", _("未填写")
    DRAFT = "draft", _("草稿（未提交）")
    SUBMITTED = "submitted", _("审核中")
    RETURNED = "returned", _("已退回，请修改后重新提交")
    STORED = "stored", _("已入库")


