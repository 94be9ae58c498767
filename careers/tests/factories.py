import factory

from careers.models import CareersSite
from companies.tests.factories import CompanyFactory


class CareersSiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareersSite

    company = factory.SubFactory(CompanyFactory)
    slug = factory.Sequence(lambda n: f"acme-{n}")
    brand_colour = "#123456"
