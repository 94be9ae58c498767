from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from interviews.models import Competency, Interview, InterviewFeedback, InterviewType
from jobs.tests.factories import JobFactory
from resumes.tests.factories import ResumeFactory


def next_week_at(hour: int, zone: str) -> datetime:
    """A week from today in `zone`, at `hour`:00 there (aware, in that zone): a start that is
    always in the future, for tests of scheduling an upcoming interview. A fixed date would
    expire; format it for the form with `%Y-%m-%dT%H:%M` and for what the pages show with
    `%Z` (EST or EDT, whichever applies that day)."""
    here = ZoneInfo(zone)
    day = timezone.now().astimezone(here).date() + timedelta(days=7)
    return datetime.combine(day, time(hour), tzinfo=here)


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    job = factory.SubFactory(JobFactory)
    resume = factory.SubFactory(ResumeFactory, company=factory.SelfAttribute("..job.company"))
    company = factory.SelfAttribute("job.company")
    interview_type = InterviewType.VIDEO
    scheduled_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
    duration_minutes = 45
    meeting_link = "https://meet.example.com/abc"


class InterviewFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterviewFeedback

    interview = factory.SubFactory(InterviewFactory)
    company = factory.SelfAttribute("interview.company")
    job = factory.SelfAttribute("interview.job")
    resume = factory.SelfAttribute("interview.resume")
    interviewer = factory.SubFactory(
        "accounts.tests.factories.UserFactory", company=factory.SelfAttribute("..interview.company")
    )
    rating = 4
    recommendation = "yes"


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    job = factory.SubFactory(JobFactory)
    company = factory.SelfAttribute("job.company")
    name = factory.Sequence(lambda n: f"Competency {n}")
    position = factory.Sequence(lambda n: n)
