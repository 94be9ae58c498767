from typing import Any

import factory

from jobs.tests.factories import JobFactory
from pipeline.models import Candidacy, Stage, StageKind
from resumes.tests.factories import ResumeFactory


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stage

    company = factory.SubFactory("companies.tests.factories.CompanyFactory")
    name = factory.Sequence(lambda n: f"Stage {n}")
    kind = StageKind.ACTIVE
    position = factory.Sequence(lambda n: 100 + n)


def stage_of(job: Any, kind: str) -> Stage:
    """The first stage of `kind` in the job's pipeline."""
    from pipeline.selectors import pipeline_stages

    return next(stage for stage in pipeline_stages(job=job) if stage.kind == kind)


class CandidacyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidacy

    job = factory.SubFactory(JobFactory)
    resume = factory.SubFactory(ResumeFactory, company=factory.SelfAttribute("..job.company"))
    company = factory.SelfAttribute("job.company")
    stage = factory.LazyAttribute(lambda o: stage_of(o.job, StageKind.APPLIED))
