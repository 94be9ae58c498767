"""Existing feedback becomes scorecards: each row gets its interview's job and
candidate, and every job its competencies from its required skills (so the
scorecards recorded from now on have lines to rate). Old feedback keeps its
recommendation, comments and 1–5 rating; its competencies were not assessed."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def forwards(apps, schema_editor):
    Interview = apps.get_model("interviews", "Interview")
    InterviewFeedback = apps.get_model("interviews", "InterviewFeedback")
    Competency = apps.get_model("interviews", "Competency")
    JobDescription = apps.get_model("jobs", "JobDescription")

    interview = Interview.objects.filter(pk=OuterRef("interview_id"))
    InterviewFeedback.objects.update(
        job_id=Subquery(interview.values("job_id")[:1]),
        resume_id=Subquery(interview.values("resume_id")[:1]),
    )
    rows = []
    for job in JobDescription.objects.only("id", "company_id", "skills_required").iterator():
        seen = set()
        for skill in job.skills_required or []:
            name = " ".join(str(skill).split())[:100]
            if name and name.lower() not in seen:
                seen.add(name.lower())
                rows.append(Competency(company_id=job.company_id, job_id=job.pk, name=name, position=len(seen) - 1))
    Competency.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


def backwards(apps, schema_editor):
    apps.get_model("interviews", "Competency").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("interviews", "0002_scorecards")]

    operations = [migrations.RunPython(forwards, backwards)]
