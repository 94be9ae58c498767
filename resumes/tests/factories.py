import hashlib

import factory
from django.core.files.base import ContentFile

from companies.tests.factories import CompanyFactory
from resumes.models import Resume, ResumeStatus

SAMPLE_TEXT = """Jane Smith
jane.smith@example.com | +1 415 555 0100 | San Francisco, CA

Summary
Backend engineer with 6 years of Python, Django and PostgreSQL.

Experience
Senior Software Engineer, Payments Co. Jan 2020 - Present
- Built REST APIs in Python and Django; tuned PostgreSQL queries; ran Redis caches.

Education
B.S. Computer Science, State University, 2016

Skills
Python, Django, PostgreSQL, Redis, Docker, AWS
"""


class ResumeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resume

    company = factory.SubFactory(CompanyFactory)
    original_filename = factory.Sequence(lambda n: f"resume-{n}.txt")
    file_kind = "txt"
    content = SAMPLE_TEXT
    status = ResumeStatus.PROCESSED
    candidate_name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"candidate{n}@example.com")

    @factory.lazy_attribute_sequence
    def sha256(self, n):
        return hashlib.sha256(f"{self.content}-{n}".encode()).hexdigest()

    @factory.lazy_attribute
    def file(self):
        return ContentFile(self.content.encode(), name=self.original_filename)

    @factory.lazy_attribute
    def file_size(self):
        return len(self.content.encode())
