from django.db import migrations, models


def fill_current_titles(apps, schema_editor):
    """Resumes parsed before the field existed get their title from the stored sections
    (the header's headline is not stored apart; reprocessing finds that too)."""
    from resumes.parsing.titles import find_current_title

    Resume = apps.get_model("resumes", "Resume")
    changed = []
    for resume in Resume.objects.exclude(sections={}).only("id", "sections").iterator(chunk_size=500):
        title = find_current_title(sections=resume.sections or {})[:100]
        if title:
            resume.current_title = title
            changed.append(resume)
        if len(changed) >= 500:
            Resume.objects.bulk_update(changed, ["current_title"])
            changed = []
    Resume.objects.bulk_update(changed, ["current_title"])


class Migration(migrations.Migration):
    dependencies = [("resumes", "0005_resume_failure_permanent")]

    operations = [
        migrations.AddField(
            model_name="resume",
            name="current_title",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.RunPython(fill_current_titles, migrations.RunPython.noop),
    ]
