import factory

from companies.tests.factories import CompanyFactory
from jobs.models import JobDescription


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobDescription

    company = factory.SubFactory(CompanyFactory)
    title = "Senior Python Backend Engineer"
    description = (
        "We are looking for a backend engineer to build APIs in Python and Django, "
        "design PostgreSQL schemas and run services on AWS with Docker."
    )
    requirements = "5+ years of Python. Experience with Django, PostgreSQL, Redis and REST APIs."
    location = "Remote"
    skills_required = factory.LazyFunction(lambda: ["Python", "Django", "PostgreSQL"])
    skills_nice_to_have = factory.LazyFunction(lambda: ["Redis", "Docker"])
