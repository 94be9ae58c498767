"""Candidacies of careers applicants (made from match statuses by pipeline 0002) say they applied."""

from django.db import migrations


def forwards(apps, schema_editor):
    Application = apps.get_model("careers", "Application")
    Candidacy = apps.get_model("pipeline", "Candidacy")
    for job_id, resume_id in Application.objects.values_list("job_id", "resume_id").iterator(chunk_size=2000):
        Candidacy.objects.filter(job_id=job_id, resume_id=resume_id).update(source="application")


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0002_applications"),
        ("pipeline", "0002_candidacies_from_match_statuses"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
