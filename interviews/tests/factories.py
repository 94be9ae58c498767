from datetime import timedelta

import factory
from django.utils import timezone

from interviews.models import Competency, Interview, InterviewFeedback, InterviewType
from jobs.tests.factories import JobFactory
from resumes.tests.factories import ResumeFactory


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
