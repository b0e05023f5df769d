"""Rewrite stored ID numbers, phones and certificate holder IDs to their normal form (issue 16).

What collides with another account is left as it is and reported by ``manage.py
identifier_collisions``; every rewrite is audited with the original text kept encrypted.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from zhicheng.accounts.identifiers import stored_identifiers_normalise

    user_model = apps.get_model("accounts", "User")
    certificate_model = apps.get_model("certificates", "Certificate")
    if user_model.objects.exists() or certificate_model.objects.exists():
        stored_identifiers_normalise(user_model=user_model, certificate_model=certificate_model)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_contact_change"),
        ("audit", "0002_append_only"),
        ("certificates", "0003_leaner_indexes"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
