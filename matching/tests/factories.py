import factory

from jobs.tests.factories import JobFactory
from matching.models import MatchResult
from resumes.tests.factories import ResumeFactory


class MatchResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchResult

    job = factory.SubFactory(JobFactory)
    resume = factory.SubFactory(ResumeFactory, company=factory.SelfAttribute("..job.company"))
    company = factory.SelfAttribute("job.company")
    match_score = 72.5
    similarity_score = 70.0
    skills_score = 76.0
    matched_skills = factory.LazyFunction(lambda: ["Python", "Django"])
    missing_skills = factory.LazyFunction(lambda: ["PostgreSQL"])
