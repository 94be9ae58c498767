import hashlib
import secrets
from datetime import timedelta

import factory
from django.utils import timezone

from resumes.tests.factories import ResumeFactory
from sharing.models import SharedLink, SharedLinkView


class SharedLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SharedLink

    resume = factory.SubFactory(ResumeFactory)
    company = factory.SelfAttribute("resume.company")
    token_hash = factory.LazyFunction(lambda: hashlib.sha256(secrets.token_bytes(32)).hexdigest())
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class SharedLinkViewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SharedLinkView

    link = factory.SubFactory(SharedLinkFactory)
    company = factory.SelfAttribute("link.company")
