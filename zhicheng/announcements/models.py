"""通知公告 (announcements) and 常见问题 (FAQ entries) that each HR bureau keeps for its region.

* ``Announcement`` — a notice of one region, published by that region's HR bureau: a title, a
  Markdown body (rendered by :func:`zhicheng.common.markdown.markdown_render`), optionally pinned,
  optionally expiring, optionally about one evaluation plan; files attached
  (``AnnouncementAttachment``). A withdrawn notice (``withdrawn_at``) is no longer shown.
* ``FaqEntry`` — one question and its Markdown answer in a region's 常见问题, in ``order``.

People see the notices and answers of their region's *lineage*: their county, its city and the
province (``zhicheng.announcements.selectors.region_lineage``). Only
:mod:`zhicheng.announcements.services` writes these models.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from zhicheng.common.kept_pages import KeptQuerySet
from zhicheng.common.models import TimeStampedModel
from zhicheng.profiles.models import private_storage


class Announcement(TimeStampedModel):
    region = models.ForeignKey("orgs.Region", verbose_name=_("发布区域"), on_delete=models.PROTECT, related_name="+")
    publisher = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("发布单位"), on_delete=models.PROTECT, related_name="announcements"
    )
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(
        _("正文"), max_length=20000, help_text=_("支持简单排版：# 标题、**加粗**、- 列表、[链接](https://…)、表格。")
    )
    pinned = models.BooleanField(_("置顶"), default=False)
    published_at = models.DateTimeField(_("发布时间"), db_index=True)
    expires_at = models.DateTimeField(
        _("有效期至"), null=True, blank=True, help_text=_("到期后不再显示；不填则长期有效。")
    )
    plan = models.ForeignKey(
        "catalog.EvaluationPlan", verbose_name=_("相关评审计划"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="announcements",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("撤下时间"), null=True, blank=True)

    kept_pages_scopes = {"all": None}  # whose kept pages a row is on (zhicheng.common.kept_pages)
    objects = KeptQuerySet.as_manager()

    class Meta:
        ordering = ["-pinned", "-published_at", "-id"]
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")
        indexes = [models.Index(fields=["region", "withdrawn_at", "published_at"], name="announcement_region_pub")]
        constraints = [
            models.CheckConstraint(
                name="announcement_expires_after_publishing",
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=F("published_at")),
            ),
        ]

    def __str__(self) -> str:
        return self.title


def announcement_attachment_path(instance, filename: str) -> str:
    return f"announcements/{instance.announcement_id}/{instance.sha256}{instance.extension}"


#: What a notice may carry: content type → extension (checked by the file's bytes, services.py).
ANNOUNCEMENT_FILE_TYPES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "image/jpeg": ".jpg",
    "image/png": ".png",
}


class AnnouncementAttachment(models.Model):
    announcement = models.ForeignKey(
        Announcement, verbose_name=_("通知公告"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), storage=private_storage, upload_to=announcement_attachment_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("通知附件")
        verbose_name_plural = _("通知附件")

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return ANNOUNCEMENT_FILE_TYPES.get(self.content_type, "")


class FaqEntry(TimeStampedModel):
    region = models.ForeignKey("orgs.Region", verbose_name=_("区域"), on_delete=models.PROTECT, related_name="+")
    publisher = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("发布单位"), on_delete=models.PROTECT, related_name="faq_entries"
    )
    question = models.CharField(_("问题"), max_length=200)
    answer = models.TextField(_("解答"), max_length=10000, help_text=_("支持简单排版（与通知正文相同）。"))
    order = models.PositiveSmallIntegerField(_("排序"), default=100, help_text=_("数字小的排在前面。"))
    is_active = models.BooleanField(_("显示"), default=True)

    class Meta:
        ordering = ["region_id", "order", "id"]
        verbose_name = _("常见问题")
        verbose_name_plural = _("常见问题")
        indexes = [models.Index(fields=["region", "is_active", "order"], name="faq_region_order")]

    def __str__(self) -> str:
        return self.question
