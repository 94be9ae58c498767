from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from jobs.tests.factories import JobFactory
from resumes.tests.factories import ResumeFactory

NEW_YORK = ZoneInfo("America/New_York")
# US daylight saving time ends on Sunday 2026-11-01: New York moves from UTC-4 to UTC-5.
# Fixed dates are safe here: scheduling and rescheduling accept a start in the past, so
# these tests do not expire. A test that needs a future start uses factories.next_week_at().
FRIDAY_BEFORE = datetime(2026, 10, 30, 9, 0)
MONDAY_AFTER = datetime(2026, 11, 2, 9, 0)


@pytest.fixture
def job(company):
    return JobFactory(company=company, title="Backend Engineer")


@pytest.fixture
def candidate(company):
    return ResumeFactory(company=company, candidate_name="Ada Lovelace")


@pytest.fixture
def soon():
    return (timezone.now() + timedelta(days=3)).replace(microsecond=0)
