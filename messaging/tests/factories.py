import factory

from messaging.models import CandidateMessage, EmailTemplate
from resumes.tests.factories import ResumeFactory


class EmailTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailTemplate

    company = factory.SubFactory("companies.tests.factories.CompanyFactory")
    kind = "custom"
    name = factory.Sequence(lambda n: f"Template {n}")
    subject = "About {job_title}"
    body = "Dear {candidate_first_name},\n\nThank you for applying to {company_name}.\n\n{sender_name}"


class CandidateMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateMessage

    resume = factory.SubFactory(ResumeFactory)
    company = factory.SelfAttribute("resume.company")
    to = factory.SelfAttribute("resume.email")
    subject = "Hello"
    body = "Hi there"
