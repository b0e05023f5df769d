from django.contrib import admin

from .models import Membership, Organisation, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "supervising_unit", "is_talent_market", "is_nonpublic_point", "is_active"]
    list_filter = ["kind", "is_talent_market", "is_nonpublic_point", "is_active"]
    search_fields = ["name", "credit_code", "name_pinyin", "name_initials"]
    list_select_related = ["region", "region__parent", "supervising_unit"]
    autocomplete_fields = ["region", "supervising_unit"]
    readonly_fields = ["name_pinyin", "name_initials"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_active", "created_at"]
    list_filter = ["role", "is_active"]
    search_fields = ["organisation__name", "user__real_name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]
