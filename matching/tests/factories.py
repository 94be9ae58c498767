import factory

from jobs.tests.factories import JobFactory
from matching.models import MatchResult
from resumes.tests.factories import ResumeFactory


class MatchResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchResult
        skip_postgeneration_save = True

    job = factory.SubFactory(JobFactory)
    resume = factory.SubFactory(ResumeFactory, company=factory.SelfAttribute("..job.company"))
    company = factory.SelfAttribute("job.company")
    match_score = 72.5
    similarity_score = 70.0
    skills_score = 76.0
    matched_skills = factory.LazyFunction(lambda: ["Python", "Django"])
    missing_skills = factory.LazyFunction(lambda: ["PostgreSQL"])

    @factory.post_generation
    def status(match, create, extracted, **kwargs):
        """`status="shortlisted"`: the candidate's candidacy is moved (by the system, with
        its history) to the stage that status maps to; the status lives on the
        pipeline's candidacy, not on the match."""
        if not create or not extracted:
            return
        from companies.roles import SYSTEM
        from pipeline.selectors import pipeline_stages
        from pipeline.services import candidacy_ensure, candidacy_move
        from pipeline.status import stage_for_status

        candidacy = candidacy_ensure(job=match.job, resume=match.resume)
        stage = stage_for_status(pipeline_stages(job=match.job), extracted)
        candidacy_move(user=SYSTEM, candidacy=candidacy, stage=stage)
