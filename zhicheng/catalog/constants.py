from django.db import models
from django.utils.translation import gettext_lazy as _


class TitleLevel(models.IntegerChoices):
    """The five title levels; the value is the level digit of a certificate number."""

    SENIOR = 1, _("正高级")
    DEPUTY_SENIOR = 2, _("副高级")
    INTERMEDIATE = 3, _("中级")
    ASSISTANT = 4, _("助理级")
    JUNIOR = 5, _("员级")


class Education(models.IntegerChoices):
    """Highest education, ordered so that a larger value is a higher degree."""

    HIGH_SCHOOL = 1, _("高中及以下")
    SECONDARY = 2, _("中专")
    COLLEGE = 3, _("大学专科")
    BACHELOR = 4, _("大学本科")
    MASTER = 5, _("硕士研究生")
    DOCTOR = 6, _("博士研究生")


class RunsOn(models.TextChoices):
    THIS_SYSTEM = "internal", _("本系统")
    EXTERNAL = "external", _("外部系统")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已关闭")


#: The online attachments a plan may require of every application (``EvaluationPlan.online_attachments_required``):
#: the kind labels of the applicant's scanned attachments as a submitted record keeps them
#: (``zhicheng.profiles.constants.AttachmentKind`` labels; a test keeps the two lists in step).
ONLINE_ATTACHMENT_CHOICES = [
    ("居民身份证", "居民身份证"),
    ("学历学位证书", "学历学位证书"),
    ("职称证书", "职称证书"),
    ("业绩成果材料", "业绩成果材料"),
]
