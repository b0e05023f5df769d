from django.contrib import admin

from .models import Committee, Qualification, Series, Specialty


class SpecialtyInline(admin.TabularInline):
    model = Specialty
    extra = 0


class QualificationInline(admin.TabularInline):
    model = Qualification
    extra = 0


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort"]
    inlines = [SpecialtyInline, QualificationInline]


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["name", "series", "track"]
    list_filter = ["series"]
    search_fields = ["name"]


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin):
    list_display = ["name", "series", "level", "track"]
    list_filter = ["series", "level"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "series", "max_level", "min_level", "runs_on", "managing_bureau"]
    list_filter = ["runs_on", "series"]
    search_fields = ["organisation__name"]
    filter_horizontal = ["specialties"]
    autocomplete_fields = ["organisation", "managing_bureau"]
    list_select_related = ["organisation", "series", "managing_bureau"]
