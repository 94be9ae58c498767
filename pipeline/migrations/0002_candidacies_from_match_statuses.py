"""Candidacies and stage history from the statuses matching used to hold.

Every company gets the default pipeline. Every match that was a candidate (uploaded
or added) or had a status becomes a candidacy in the stage its status maps to, and
each StatusChange becomes a StageChange (same who and when). Reversible: going back
writes the status of each candidacy's stage onto its match and the stage history
back as status changes (custom stages read as their kind's status).

The mappings are copied here (not imported from pipeline/status.py) so that this
migration keeps meaning what it meant when it was written.
"""

from django.db import migrations

DEFAULT_STAGES = (
    ("Applied", "applied"),
    ("Screen", "screen"),
    ("Interview", "active"),
    ("Offer", "active"),
    ("Hired", "hired"),
    ("Rejected", "rejected"),
    ("Withdrawn", "withdrawn"),
)
KIND_OF_STATUS = {"pending": "applied", "maybe": "screen", "shortlisted": "active", "rejected": "rejected"}
STATUS_OF_KIND = {
    "applied": "pending", "screen": "maybe", "active": "shortlisted", "hired": "shortlisted",
    "rejected": "rejected", "withdrawn": "rejected",
}
SOURCE_OF_MATCH = {"uploaded": "upload", "added": "talent_pool", "suggested": "talent_pool"}


def forwards(apps, schema_editor):
    Company = apps.get_model("companies", "Company")
    Stage = apps.get_model("pipeline", "Stage")
    Candidacy = apps.get_model("pipeline", "Candidacy")
    StageChange = apps.get_model("pipeline", "StageChange")
    MatchResult = apps.get_model("matching", "MatchResult")
    StatusChange = apps.get_model("matching", "StatusChange")

    first_of_kind = {}
    for company in Company.objects.all().iterator():
        stages = list(Stage.objects.filter(company=company, job__isnull=True).order_by("position"))
        if not stages:
            stages = Stage.objects.bulk_create(
                Stage(company=company, name=name, kind=kind, position=index * 10)
                for index, (name, kind) in enumerate(DEFAULT_STAGES)
            )
        for stage in stages:
            first_of_kind.setdefault((company.pk, stage.kind), stage)

    matches = MatchResult.objects.exclude(source="suggested", status="pending").order_by("pk")
    for match in matches.iterator(chunk_size=2000):
        stage = first_of_kind[(match.company_id, KIND_OF_STATUS.get(match.status, "applied"))]
        candidacy, created = Candidacy.objects.get_or_create(
            job_id=match.job_id,
            resume_id=match.resume_id,
            defaults={
                "company_id": match.company_id,
                "stage": stage,
                "source": SOURCE_OF_MATCH.get(match.source, "upload"),
                "stage_entered_at": match.status_updated_at or match.created_at,
                "stage_changed_by_id": match.status_updated_by_id,
            },
        )
        if not created:
            continue
        changes = list(StatusChange.objects.filter(match=match).order_by("created_at"))
        # The arrival, then every recorded change: time in stage is measured from these.
        arrived_in = first_of_kind[(match.company_id, KIND_OF_STATUS[changes[0].from_status])] if changes else stage
        arrived_at = min([match.created_at] + [change.created_at for change in changes[:1]])
        history = [StageChange(
            company_id=match.company_id, candidacy=candidacy, from_stage=None, to_stage=arrived_in, at=arrived_at,
        )]
        for change in changes:
            history.append(StageChange(
                company_id=match.company_id, candidacy=candidacy,
                from_stage=first_of_kind[(match.company_id, KIND_OF_STATUS[change.from_status])],
                to_stage=first_of_kind[(match.company_id, KIND_OF_STATUS[change.to_status])],
                by_id=change.changed_by_id, at=change.created_at,
            ))
        StageChange.objects.bulk_create(history)


def backwards(apps, schema_editor):
    Candidacy = apps.get_model("pipeline", "Candidacy")
    StageChange = apps.get_model("pipeline", "StageChange")
    MatchResult = apps.get_model("matching", "MatchResult")
    StatusChange = apps.get_model("matching", "StatusChange")

    for candidacy in Candidacy.objects.select_related("stage").iterator(chunk_size=2000):
        match = MatchResult.objects.filter(job_id=candidacy.job_id, resume_id=candidacy.resume_id).first()
        if match is None:
            continue  # a candidacy whose resume was never scored had no row to hold a status
        match.status = STATUS_OF_KIND[candidacy.stage.kind]
        match.status_updated_at = candidacy.stage_entered_at
        match.status_updated_by_id = candidacy.stage_changed_by_id
        match.save(update_fields=["status", "status_updated_at", "status_updated_by"])
        changes = StageChange.objects.filter(candidacy=candidacy, from_stage__isnull=False).select_related(
            "from_stage", "to_stage"
        )
        for change in changes.order_by("at"):
            before, after = STATUS_OF_KIND[change.from_stage.kind], STATUS_OF_KIND[change.to_stage.kind]
            if before != after:
                row = StatusChange.objects.create(
                    company_id=candidacy.company_id, match=match, from_status=before, to_status=after,
                    changed_by_id=change.by_id,
                )
                StatusChange.objects.filter(pk=row.pk).update(created_at=change.at)
    StageChange.objects.all().delete()
    Candidacy.objects.all().delete()
    apps.get_model("pipeline", "Stage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pipeline", "0001_initial"),
        ("matching", "0002_match_job_applicants"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
