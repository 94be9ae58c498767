"""Notes, interviews, shared links and the timeline: every portal page and API
endpoint answers 404 to a user of another company, with or without a body."""

from datetime import timedelta

import pytest
from django.utils import timezone

from interviews.models import Interview, InterviewFeedback
from interviews.tests.factories import InterviewFactory
from notes.models import CandidateNote
from notes.tests.factories import CandidateNoteFactory
from sharing.models import SharedLink
from sharing.tests.factories import SharedLinkFactory

pytestmark = pytest.mark.django_db

PORTAL = [
    ("get", "/notes/candidates/{resume}/"),
    ("post", "/notes/candidates/{resume}/"),
    ("get", "/notes/{note}/"),
    ("get", "/notes/{note}/edit/"),
    ("post", "/notes/{note}/edit/"),
    ("post", "/notes/{note}/delete/"),
    ("get", "/interviews/jobs/{job}/"),
    ("get", "/interviews/candidates/{resume}/"),
    ("post", "/interviews/candidates/{resume}/"),
    ("get", "/interviews/{interview}/"),
    ("post", "/interviews/{interview}/status/"),
    ("get", "/interviews/{interview}/reschedule/"),
    ("post", "/interviews/{interview}/reschedule/"),
    ("post", "/interviews/{interview}/feedback/"),
    ("get", "/interviews/{interview}/ics/"),
    ("get", "/interviews/{interview}.ics"),
    ("get", "/sharing/candidates/{resume}/"),
    ("post", "/sharing/candidates/{resume}/"),
    ("post", "/sharing/links/{link}/revoke/"),
    ("get", "/candidates/{resume}/timeline/"),
]

API = [
    ("get", "/api/v1/resumes/{resume}/notes"),
    ("post", "/api/v1/resumes/{resume}/notes"),
    ("get", "/api/v1/notes/{note}"),
    ("patch", "/api/v1/notes/{note}"),
    ("delete", "/api/v1/notes/{note}"),
    ("post", "/api/v1/interviews"),
    ("get", "/api/v1/interviews/{interview}"),
    ("patch", "/api/v1/interviews/{interview}"),
    ("delete", "/api/v1/interviews/{interview}"),
    ("post", "/api/v1/interviews/{interview}/reschedule"),
    ("get", "/api/v1/interviews/{interview}/feedback"),
    ("post", "/api/v1/interviews/{interview}/feedback"),
    ("get", "/api/v1/interviews/{interview}/ics"),
    ("get", "/api/v1/interviews/{interview}.ics"),
    ("post", "/api/v1/shared-links"),
    ("get", "/api/v1/shared-links/{link}"),
    ("post", "/api/v1/shared-links/{link}/revoke"),
]

# A list's filter naming another company's row is a 404 exactly as an unknown id is
# (each list's FilterSet chooses among the company's rows only); a malformed id is a 400.
FILTERS = [
    ("portal", "/interviews/?job={job}"),
    ("api", "/api/v1/interviews?job={job}"),
    ("api", "/api/v1/interviews?resume={resume}"),
    ("api", "/api/v1/shared-links?resume={resume}"),
]
UNKNOWN = "00000000-0000-0000-0000-0000000000ff"


@pytest.fixture
def rows(company):
    interview = InterviewFactory(
        job__company=company, scheduled_at=timezone.now() - timedelta(hours=1), status="completed"
    )
    return {
        "resume": interview.resume,
        "job": interview.job,
        "interview": interview,
        "note": CandidateNoteFactory(resume=interview.resume),
        "link": SharedLinkFactory(resume=interview.resume),
    }


def _body(rows):
    # A complete, valid body for every write, naming the other company's rows.
    return {
        "body": "Outsider note",
        "resume_id": str(rows["resume"].pk),
        "job_id": str(rows["job"].pk),
        "job": str(rows["job"].pk),
        "interview_type": "video",
        "scheduled_at": "2030-01-07T09:00:00Z",
        "start": "2030-01-07T09:00",
        "timezone": "UTC",
        "duration_minutes": 30,
        "status": "cancelled",
        "rating": 5,
        "recommendation": "strong_yes",
        "expires_in_days": 7,
    }


def _unchanged(rows):
    interview = Interview.objects.get(pk=rows["interview"].pk)
    assert interview.status == "completed" and Interview.objects.count() == 1
    assert (
        CandidateNote.objects.get(pk=rows["note"].pk).body == rows["note"].body and CandidateNote.objects.count() == 1
    )
    assert SharedLink.objects.get(pk=rows["link"].pk).revoked_at is None and SharedLink.objects.count() == 1
    assert not InterviewFeedback.objects.exists()


@pytest.mark.parametrize("method, path", PORTAL)
def test_portal_pages_are_404_for_another_company(outsider_client, rows, method, path):
    url = path.format(**{name: row.pk for name, row in rows.items()})
    response = getattr(outsider_client, method)(url, _body(rows) if method == "post" else None)
    assert response.status_code == 404, (method, url, response.status_code)
    _unchanged(rows)


@pytest.mark.parametrize("method, path", API)
def test_api_endpoints_are_404_for_another_company(outsider_api, rows, method, path):
    url = path.format(**{name: row.pk for name, row in rows.items()})
    kwargs = {"format": "json"} if method in ("post", "patch") else {}
    args = (_body(rows),) if method in ("post", "patch") else ()
    response = getattr(outsider_api, method)(url, *args, **kwargs)
    assert response.status_code == 404, (method, url, response.status_code)
    _unchanged(rows)


def test_api_lists_show_only_the_users_company(outsider_api, rows):
    for url in ("/api/v1/interviews", "/api/v1/shared-links", "/api/v1/interviews?upcoming=1"):
        assert outsider_api.get(url).json()["count"] == 0


def test_portal_lists_show_only_the_users_company(outsider_client, rows):
    html = outsider_client.get("/interviews/?scope=all").content.decode()
    assert rows["resume"].display_name not in html


@pytest.mark.parametrize("side, path", FILTERS)
def test_list_filters_answer_404_for_another_companys_rows_as_for_unknown_ones(
    outsider_client, outsider_api, rows, side, path
):
    client = outsider_api if side == "api" else outsider_client
    foreign = client.get(path.format(**{name: row.pk for name, row in rows.items()}))
    unknown = client.get(path.format(**dict.fromkeys(rows, UNKNOWN)))
    assert foreign.status_code == unknown.status_code == 404, (path, foreign.status_code, unknown.status_code)
    if side == "api":
        assert foreign.json() == unknown.json()
    malformed = client.get(path.split("=")[0] + "=not-an-id")
    assert malformed.status_code == 400
    if side == "api":
        assert set(malformed.json()) == {path.rsplit("?", 1)[1].split("=")[0]}
    for row in rows.values():
        assert str(row.pk) not in foreign.content.decode().replace(f"={row.pk}", "")
