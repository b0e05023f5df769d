"""Read-only admin views: personal information changes only through the applicant and the chain."""

from django.contrib import admin

from .models import Profile, ProfileVersion


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "personnel_unit", "draft_personnel_unit", "stored_version", "updated_at"]
    list_select_related = ["user", "personnel_unit", "draft_personnel_unit", "stored_version"]
    search_fields = ["user__real_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProfileVersion)
class ProfileVersionAdmin(ProfileAdmin):
    list_display = ["profile", "number", "personnel_unit", "created_at", "stored_at"]
    list_select_related = ["profile__user", "personnel_unit"]
    search_fields = ["profile__user__real_name"]
