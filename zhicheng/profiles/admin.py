"""Read-only admin views: personal information changes only through the applicant and the chain."""

from django.contrib import admin

from zhicheng.common.admin_mixins import ReadOnlyAdminMixin

from .models import Profile, ProfileVersion


@admin.register(Profile)
class ProfileAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "personnel_unit", "draft_personnel_unit", "stored_version", "updated_at"]
    list_select_related = ["user", "personnel_unit", "draft_personnel_unit", "stored_version"]
    search_fields = ["user__real_name"]


@admin.register(ProfileVersion)
class ProfileVersionAdmin(ProfileAdmin):
    list_display = ["profile", "number", "personnel_unit", "created_at", "stored_at"]
    list_select_related = ["profile__user", "personnel_unit"]
    search_fields = ["profile__user__real_name"]
