"""Every existing company gets the default templates (new companies get them from a signal)."""

from django.db import migrations

from messaging.defaults import DEFAULT_TEMPLATES


def seed(apps, schema_editor):
    Company = apps.get_model("companies", "Company")
    EmailTemplate = apps.get_model("messaging", "EmailTemplate")
    for company in Company.objects.all().iterator():
        existing = set(EmailTemplate.objects.filter(company=company).values_list("name", flat=True))
        EmailTemplate.objects.bulk_create(
            [EmailTemplate(company=company, **fields) for fields in DEFAULT_TEMPLATES if fields["name"] not in existing]
        )


class Migration(migrations.Migration):
    dependencies = [("messaging", "0001_initial"), ("companies", "0001_initial")]

    # Going back leaves the rows to 0001's reversal, which drops the table.
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
