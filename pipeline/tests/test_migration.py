"""The data migration: statuses on matches and their StatusChanges (the old shape)
become candidacies and stage history; going back restores the statuses."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("matching", "0002_match_job_applicants"),
    ("pipeline", "0001_initial"),
    ("careers", "0002_applications"),
]
AFTER = [
    ("matching", "0003_match_scoring_only"),
    ("pipeline", "0002_candidacies_from_match_statuses"),
    ("careers", "0003_candidacy_source_application"),
]


def _migrate(targets: Any) -> Any:
    executor = MigrationExecutor(connection)
    # Every other app stays at its newest state (the historical models need its columns).
    apps_named = {app for app, _ in targets}
    targets = [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] not in apps_named] + list(targets)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _leaves() -> Any:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_match_statuses_become_candidacies_and_stage_history() -> None:
    apps = _migrate(BEFORE)
    try:
        Company = apps.get_model("companies", "Company")
        User = apps.get_model("accounts", "User")
        Job = apps.get_model("jobs", "JobDescription")
        Resume = apps.get_model("resumes", "Resume")
        Match = apps.get_model("matching", "MatchResult")
        StatusChange = apps.get_model("matching", "StatusChange")
        Application = apps.get_model("careers", "Application")

        company = Company.objects.create(name="Old Co")
        user = User.objects.create(email="rita@old.test", full_name="Rita", company=company, role="recruiter")
        job = Job.objects.create(company=company, title="Engineer", description="x")
        then = timezone.now() - timedelta(days=5)

        def candidate(name: Any, **fields: Any) -> Any:
            resume = Resume.objects.create(
                company=company,
                original_filename=f"{name}.pdf",
                file_kind="pdf",
                sha256=name.ljust(64, "0"),
                candidate_name=name,
            )
            return Match.objects.create(company=company, job=job, resume=resume, **fields)

        shortlisted = candidate("ada", status="shortlisted", status_updated_by=user, status_updated_at=then)
        row = StatusChange.objects.create(
            company=company, match=shortlisted, from_status="pending", to_status="maybe", changed_by=user
        )
        StatusChange.objects.filter(pk=row.pk).update(created_at=then - timedelta(days=1))
        row = StatusChange.objects.create(
            company=company, match=shortlisted, from_status="maybe", to_status="shortlisted", changed_by=user
        )
        StatusChange.objects.filter(pk=row.pk).update(created_at=then)
        candidate("bo", status="rejected")
        candidate("cy")  # an applicant nobody decided on yet
        candidate("di", source="suggested")  # a suggestion: nobody's candidate
        applied = candidate("ed")
        Application.objects.create(
            company=company, job=job, resume=applied.resume, full_name="Ed", email="ed@x.test", consented_at=then
        )

        apps = _migrate(AFTER)
        Candidacy = apps.get_model("pipeline", "Candidacy")
        StageChange = apps.get_model("pipeline", "StageChange")
        Stage = apps.get_model("pipeline", "Stage")
        assert list(Stage.objects.filter(company_id=company.pk).values_list("name", flat=True)) == [
            "Applied",
            "Screen",
            "Interview",
            "Offer",
            "Hired",
            "Rejected",
            "Withdrawn",
        ]
        stages = {
            c.resume.candidate_name: (c.stage.name, c.source)
            for c in Candidacy.objects.select_related("stage", "resume")
        }
        assert stages == {
            "ada": ("Interview", "upload"),
            "bo": ("Rejected", "upload"),
            "cy": ("Applied", "upload"),
            "ed": ("Applied", "application"),
        }
        ada = Candidacy.objects.get(resume__candidate_name="ada")
        assert ada.stage_changed_by_id == user.pk and ada.stage_entered_at == then
        history = [
            (c.from_stage.name if c.from_stage else None, c.to_stage.name, c.by_id)
            for c in StageChange.objects.filter(candidacy=ada).order_by("at")
        ]
        assert history == [(None, "Applied", None), ("Applied", "Screen", user.pk), ("Screen", "Interview", user.pk)]
        assert StageChange.objects.filter(candidacy=ada).order_by("at").last().at == then

        # Back again: the statuses return to the matches, with their history.
        apps = _migrate(BEFORE)
        Match = apps.get_model("matching", "MatchResult")
        StatusChange = apps.get_model("matching", "StatusChange")
        assert dict(Match.objects.values_list("resume__candidate_name", "status")) == {
            "ada": "shortlisted",
            "bo": "rejected",
            "cy": "pending",
            "di": "pending",
            "ed": "pending",
        }
        assert list(StatusChange.objects.order_by("created_at").values_list("from_status", "to_status")) == [
            ("pending", "maybe"),
            ("maybe", "shortlisted"),
        ]
    finally:
        _migrate(_leaves())
