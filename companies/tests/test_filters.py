"""The machinery every list's FilterSet shares (companies/filters.py), and the schema
that describes those FilterSets."""

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict

from companies.filters import FlagField, filtered, refusal
from jobs.filters import JobFilter
from jobs.models import JobDescription
from jobs.tests.factories import JobFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "value, expected", [("1", True), ("TRUE", True), ("on", True), ("no", False), ("0", False), ("", None)]
)
def test_a_flag_reads_what_query_strings_say(value, expected):
    assert FlagField(required=False).clean(value) is expected


def test_a_flag_refuses_anything_else():
    with pytest.raises(ValidationError):
        FlagField(required=False).clean("maybe")


def test_filtered_raises_naming_every_refused_parameter_instead_of_skipping_it(company):
    JobFactory(company=company)
    with pytest.raises(ValidationError) as refused:
        filtered(
            JobFilter, QueryDict("status=bogus&search=" + "x" * 201), JobDescription.objects.all(), company=company
        )
    assert set(refused.value.message_dict) == {"status", "search"}
    assert refusal(refused.value).count("“") == 2


def test_an_alias_reads_as_its_parameter(company):
    JobFactory(company=company, title="Pastry Chef")
    JobFactory(company=company, title="Line Cook")
    jobs = filtered(JobFilter, QueryDict("q=pastry"), JobDescription.objects.all(), company=company)
    assert [job.title for job in jobs] == ["Pastry Chef"]


def test_an_id_filter_chooses_among_the_companys_rows_only(company, other_company):
    from interviews.filters import InterviewFilter
    from interviews.models import Interview

    theirs = JobFactory(company=other_company)
    with pytest.raises(Http404):  # as an unknown id would be, in a filter as in a path
        filtered(InterviewFilter, {"job": str(theirs.pk)}, Interview.objects.all(), company=company)
    with pytest.raises(ValidationError) as refused:
        filtered(InterviewFilter, {"job": "not-an-id"}, Interview.objects.all(), company=company)
    assert set(refused.value.message_dict) == {"job"}


@pytest.mark.parametrize(
    "path, names",
    [
        ("/api/v1/jobs/", {"search", "status"}),
        ("/api/v1/resumes/", {"search", "status", "skill"}),
        ("/api/v1/interviews/", {"job", "resume", "interviewer", "status", "upcoming", "scope", "from", "to"}),
        ("/api/v1/email-templates/", {"kind"}),
        ("/api/v1/shared-links/", {"resume"}),
    ],
)
def test_the_schema_names_each_lists_filters(recruiter_api, path, names):
    schema = yaml.safe_load(recruiter_api.get("/api/v1/schema/").content)
    parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
    assert names <= set(parameters)
    if "status" in names:
        assert parameters["status"]["schema"]["enum"]  # the choices, from the FilterSet
