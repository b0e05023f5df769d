"""Store account and certificate holder names in their normal form (issue 16 finding 2): one
U+00B7 for every middle-dot look-alike, so that verification by normal form finds them."""

from django.db import migrations


def forwards(apps, schema_editor):
    from zhicheng.accounts.identifiers import stored_names_normalise

    user_model = apps.get_model("accounts", "User")
    certificate_model = apps.get_model("certificates", "Certificate")
    if user_model.objects.exists() or certificate_model.objects.exists():
        stored_names_normalise(user_model=user_model, certificate_model=certificate_model)


class Migration(migrations.Migration):

    dependencies = [("accounts", "0004_normalise_identifiers")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
