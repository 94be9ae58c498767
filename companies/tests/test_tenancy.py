import pytest
from django.http import Http404

from companies.tenancy import get_for_company_or_404
from jobs.models import JobDescription
from jobs.tests.factories import JobFactory


@pytest.mark.django_db
def test_for_company_hides_other_companies_rows(company, other_company):
    mine = JobFactory(company=company)
    JobFactory(company=other_company)
    assert list(JobDescription.objects.for_company(company)) == [mine]


@pytest.mark.django_db
def test_another_companys_row_is_the_same_404_as_a_missing_one(company, other_company):
    theirs = JobFactory(company=other_company)
    with pytest.raises(Http404):
        get_for_company_or_404(JobDescription, company, pk=theirs.pk)
    with pytest.raises(Http404):
        get_for_company_or_404(JobDescription, company, pk="not-a-uuid")
    assert get_for_company_or_404(JobDescription, other_company, pk=theirs.pk) == theirs


@pytest.mark.django_db
def test_no_company_sees_nothing(company):
    JobFactory(company=company)
    assert JobDescription.objects.for_company(None).count() == 0
