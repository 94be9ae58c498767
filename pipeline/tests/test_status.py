"""The API's statuses and the pipeline's stages: both directions of the one mapping."""

from typing import Any

import pytest

from jobs.tests.factories import JobFactory
from pipeline.models import StageKind
from pipeline.selectors import pipeline_stages
from pipeline.status import CandidateStatus, kinds_of, stage_for_status, status_of

pytestmark = pytest.mark.django_db


def test_every_stage_kind_reads_as_a_status() -> None:
    assert {kind: status_of(kind) for kind in StageKind.values} == {
        "applied": "pending",
        "screen": "maybe",
        "active": "shortlisted",
        "hired": "shortlisted",
        "rejected": "rejected",
        "withdrawn": "rejected",
    }
    assert status_of(None) == "pending"  # a suggestion: nobody's candidate yet


def test_every_status_moves_to_a_stage_that_reads_back_as_it(company: Any) -> None:
    stages = pipeline_stages(job=JobFactory(company=company))

    def moved(status: str) -> Any:
        return stage_for_status(stages, status)

    moved_to = {status: moved(status).name for status in CandidateStatus.values}
    assert moved_to == {"pending": "Applied", "maybe": "Screen", "shortlisted": "Interview", "rejected": "Rejected"}
    for status in CandidateStatus.values:
        assert status_of(moved(status).kind) == status
        assert moved(status).kind in kinds_of(status)
    assert stage_for_status(stages, "hired!") is None


def test_a_status_the_stage_already_reads_as_keeps_the_stage(company: Any) -> None:
    stages = pipeline_stages(job=JobFactory(company=company))
    offer = next(stage for stage in stages if stage.name == "Offer")
    assert stage_for_status(stages, "shortlisted", current=offer) == offer
    rejected: Any = stage_for_status(stages, "rejected", current=offer)
    assert rejected.name == "Rejected"
