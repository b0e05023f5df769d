"""Seed the years the chinesecalendar package knows (the same as ``calendar_seed``; idempotent)."""

from django.db import migrations


def seed(apps, schema_editor):
    import chinese_calendar.constants as data

    from zhicheng.workcalendar.services import PACKAGE_NAMES

    CalendarYear = apps.get_model("workcalendar", "CalendarYear")
    CalendarDay = apps.get_model("workcalendar", "CalendarDay")
    by_year = {}
    for days, working in ((data.holidays, False), (data.workdays, True)):
        for day, name in days.items():
            by_year.setdefault(day.year, {})[day] = (working, PACKAGE_NAMES.get(name, name))
    known = set(CalendarYear.objects.values_list("year", flat=True))
    for year, days in sorted(by_year.items()):
        if year in known:
            continue
        calendar = CalendarYear.objects.create(year=year, source="package")
        CalendarDay.objects.bulk_create(
            CalendarDay(calendar=calendar, date=d, is_working=w, name=n) for d, (w, n) in sorted(days.items())
        )


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
