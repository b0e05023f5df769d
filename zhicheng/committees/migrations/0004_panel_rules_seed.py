"""Seed each committee's panel rules (专家库与评审组人数规则) with the national defaults, one row per
level it evaluates (issue 21). The values are those of ``zhicheng.committees.panel_rules`` at the time of
writing, copied here so that later changes of the code do not change what this migration wrote."""

from django.db import migrations

NATIONAL_SOURCE = "《职称评审管理暂行规定》（人社部令第40号）第十一条"
SYSTEM_DEFAULT_SOURCE = "系统默认值（国家规定未明确中级及以下评委会人数，由主管人社部门按本地规定设置）"


def seed(apps, schema_editor):
    Committee = apps.get_model("catalog", "Committee")
    PanelRule = apps.get_model("evaluation", "PanelRule")
    for committee in Committee.objects.all():
        series_committee = not committee.specialties.exists()
        for level in range(committee.max_level, committee.min_level + 1):
            if level in (1, 2):
                pool, source = (25 if series_committee else 11), NATIONAL_SOURCE
            else:
                pool, source = 11, SYSTEM_DEFAULT_SOURCE
            PanelRule.objects.get_or_create(
                committee=committee, level=level,
                defaults={"min_pool_size": pool, "min_panel_size": 3, "odd_panel": True, "source": source},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0003_panel_rules_and_terms"),
        ("catalog", "0004_plan_pledge_text"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
