import factory

from notes.models import CandidateNote
from resumes.tests.factories import ResumeFactory


class CandidateNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateNote

    resume = factory.SubFactory(ResumeFactory)
    company = factory.SelfAttribute("resume.company")
    author = factory.SubFactory(
        "accounts.tests.factories.UserFactory", company=factory.SelfAttribute("..resume.company")
    )
    body = "Strong Django background; ask about the payments migration."
