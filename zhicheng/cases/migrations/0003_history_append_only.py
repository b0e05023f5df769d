# Case history is append-only in the database: triggers refuse UPDATE and DELETE (and TRUNCATE on
# PostgreSQL, except in test databases), and a case with history can no longer be deleted by a
# cascade (on_delete=PROTECT; Django enforces it, the DELETE trigger backs it up).
# See zhicheng/common/append_only.py.

import django.db.models.deletion
from django.db import migrations, models

from zhicheng.common.append_only import append_only_install, append_only_uninstall

TABLE = "cases_casehistory"


def install(apps, schema_editor):
    append_only_install(schema_editor, TABLE)


def uninstall(apps, schema_editor):
    append_only_uninstall(schema_editor, TABLE)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0002_stage_deadlines'),
    ]

    operations = [
        migrations.AlterField(
            model_name='casehistory',
            name='case',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='history', to='cases.case', verbose_name='业务'),
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
