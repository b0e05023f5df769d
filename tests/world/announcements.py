"""通知公告 and 常见问题 of the test world: the sample FAQ of 清远市人力资源和社会保障局 and, on request, the
province's notice (``zhicheng.announcements.samples``), published by the test cast."""

from __future__ import annotations

from django.db import transaction

from tests.world.cast import user
from zhicheng.announcements.samples import announcements_sample_load


@transaction.atomic
def announcements_load(*, with_notices: bool = True) -> int:
    """Add 清远市's FAQ (published by 孙强, ``other_hr_reviewer``) and, ``with_notices``, the province's notice
    (by 赵磊, ``province_hr_reviewer``) unless already there. Returns the number of rows added."""
    return announcements_sample_load(faq_actor=user("other_hr_reviewer"),
                                     notice_actor=user("province_hr_reviewer") if with_notices else None)
