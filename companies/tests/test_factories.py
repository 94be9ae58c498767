"""Every model has a factory that builds a consistent row of one company."""

import pytest

from accounts.tests.factories import InvitationFactory, UserFactory
from interviews.tests.factories import InterviewFactory, InterviewFeedbackFactory
from jobs.tests.factories import JobFactory
from matching.tests.factories import MatchResultFactory
from notes.tests.factories import CandidateNoteFactory
from sharing.tests.factories import SharedLinkFactory

FACTORIES = [
    UserFactory,
    InvitationFactory,
    JobFactory,
    MatchResultFactory,
    InterviewFactory,
    InterviewFeedbackFactory,
    CandidateNoteFactory,
    SharedLinkFactory,
]


@pytest.mark.django_db
@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_factory_builds_a_row_owned_by_one_company(factory):
    row = factory()
    row.refresh_from_db()
    assert row.company_id is not None
    for field in ("job", "resume", "interview", "author", "interviewer"):
        related = getattr(row, field, None)
        if related is not None and hasattr(related, "company_id"):
            assert related.company_id == row.company_id
