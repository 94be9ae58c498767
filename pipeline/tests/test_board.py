"""The job's board beside the ranked list: stages and cards, moves, keyboard markup,
filters that live in the address, exports that are exactly the filtered list."""

import csv
import io
import re
from typing import Any

import lxml.html
import pytest

from jobs.tests.factories import JobFactory
from matching.tests.factories import MatchResultFactory
from pipeline.models import Candidacy, StageChange, StageKind
from pipeline.selectors import pipeline_stages
from pipeline.services import candidacy_ensure
from pipeline.tests.factories import stage_of

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def parse(content: bytes) -> Any:
    return lxml.html.fragment_fromstring(content.decode(), create_parent="div")


def css(node: Any, selector: str) -> list[Any]:
    """A few CSS selectors as XPath: `.class`, `#id`, `tag`, `[attr]`, `[attr="v"]`, descendants."""
    xpath = "."
    for part in selector.split():
        tag = re.match(r"^[a-z0-9]+", part)
        step = f"//{tag.group(0) if tag else '*'}"
        for kind, name, value in re.findall(
            r"([.#]|\[)([\w-]+)(?:=\"?([^\"\]]*)\"?)?\]?", part[tag.end() if tag else 0 :]
        ):
            if kind == ".":
                step += f"[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
            elif kind == "#":
                step += f"[@id='{name}']"
            elif value:
                step += f"[@{name}='{value}']"
            else:
                step += f"[@{name}]"
        xpath += step
    return list(node.xpath(xpath))


def one(node: Any, selector: str) -> Any:
    found = css(node, selector)
    assert found, selector
    return found[0]


def text(node: Any) -> str:
    return " ".join(node.text_content().split())


@pytest.fixture
def job(company: Any) -> Any:
    return JobFactory(company=company, title="Backend Engineer")


def _candidate(job: Any, name: str, score: float, *, title: str = "", skills: tuple[str, ...] = ()) -> Any:
    match = MatchResultFactory(
        job=job,
        match_score=score,
        resume__candidate_name=name,
        resume__current_title=title,
        resume__skill_names=list(skills),
    )
    candidacy_ensure(job=job, resume=match.resume)
    return match


@pytest.fixture
def people(job: Any) -> dict[str, Any]:
    return {
        "ada": _candidate(job, "Ada Lovelace", 91, title="Staff Engineer", skills=("Python", "Django")),
        "bob": _candidate(job, "Bob Builder", 64, title="Site Foreman"),
        "cy": _candidate(job, "Cy Young", 47, title="Pitcher", skills=("Python",)),
    }


def _board(client: Any, job: Any, query: str = "") -> Any:
    response = client.get(f"/matching/jobs/{job.pk}/candidates/?view=board{query}", **HX)
    assert response.status_code == 200
    return parse(response.content)


def _names(node: Any, selector: str) -> list[str]:
    return [text(a) for a in css(node, selector)]


def test_the_board_has_a_column_per_stage_and_a_card_per_candidate(
    recruiter_client: Any, job: Any, people: Any
) -> None:
    board = _board(recruiter_client, job)
    assert [c.text.strip() for c in css(board, ".board-column h3")] == [s.name for s in pipeline_stages(job=job)]
    applied = one(board, f'.board-column[data-stage="{stage_of(job, StageKind.APPLIED).pk}"]')
    # Name, current title and score, best first.
    assert _names(applied, ".board-card .card-head a") == ["Ada Lovelace", "Bob Builder", "Cy Young"]
    first = css(applied, ".board-card")[0]
    assert "Staff Engineer" in text(first) and text(one(first, ".score")) == "91"


def test_the_keyboard_path_is_in_the_markup(recruiter_client: Any, job: Any, people: Any) -> None:
    board = _board(recruiter_client, job)
    card = one(board, ".board-card")
    assert (
        card.get("tabindex") == "0" and card.get("draggable") == "true" and card.get("aria-describedby") == "board-help"
    )
    label = card.get("aria-label")
    assert "Ada Lovelace" in label and "score 91" in label and "in Applied" in label
    select = one(card, "select[data-move-select]")
    assert text(one(board, f'label[for="{select.get("id")}"]')) == "Move to…"
    assert [o.text for o in select.xpath(".//option")] == [s.name for s in pipeline_stages(job=job)]
    assert text(one(board, "#board-help")).startswith("Drag a card")
    # The live region that announces moves sits outside what a move replaces.
    panel = parse(
        recruiter_client.get(
            f"/matching/jobs/{job.pk}/candidates/?view=board", **{**HX, "HTTP_HX_TARGET": "candidates"}
        ).content
    )
    live = one(panel, "#candidates-announce")
    assert live.get("aria-live") == "polite" and live.get("role") == "status"
    assert not live.xpath("ancestor::*[@id='candidate-results']")


def test_a_hiring_manager_sees_the_board_without_moves(client: Any, hiring_manager: Any, job: Any, people: Any) -> None:
    client.force_login(hiring_manager)
    board = _board(client, job)
    assert len(css(board, ".board-card")) == 3
    assert css(board, "select[data-move-select]") == [] and css(board, ".board-card[draggable]") == []
    assert css(board, "#bulk-form") == []


def test_moving_a_card_goes_through_the_pipeline_and_announces_it(
    recruiter_client: Any, recruiter: Any, job: Any, people: Any
) -> None:
    candidacy = Candidacy.objects.get(job=job, resume=people["bob"].resume)
    interview = next(s for s in pipeline_stages(job=job) if s.name == "Interview")
    response = recruiter_client.post(
        f"/pipeline/candidacies/{candidacy.pk}/board-move/", {"stage": interview.pk, "query": "view=board"}, **HX
    )
    answer = parse(response.content)
    column = one(answer, f'.board-column[data-stage="{interview.pk}"]')
    assert _names(column, ".board-card .card-head a") == ["Bob Builder"]
    live = one(answer, "#candidates-announce")
    assert live.get("hx-swap-oob") == "innerHTML" and text(live) == "Bob Builder moved to Interview."
    candidacy.refresh_from_db()
    assert candidacy.stage == interview and candidacy.stage_changed_by == recruiter
    assert StageChange.objects.filter(candidacy=candidacy, to_stage=interview, by=recruiter).exists()


def test_a_move_without_javascript_redirects_to_the_board(recruiter_client: Any, job: Any, people: Any) -> None:
    candidacy = Candidacy.objects.get(job=job, resume=people["ada"].resume)
    screen = stage_of(job, StageKind.SCREEN)
    response = recruiter_client.post(
        f"/pipeline/candidacies/{candidacy.pk}/board-move/", {"stage": screen.pk, "query": "min_score=50&view=board"}
    )
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/?min_score=50&view=board#candidates"
    assert Candidacy.objects.get(pk=candidacy.pk).stage == screen


def test_a_stage_of_another_company_or_a_hiring_manager_moves_nothing(
    client: Any, hiring_manager: Any, outsider: Any, recruiter_client: Any, job: Any, people: Any
) -> None:
    candidacy = Candidacy.objects.get(job=job, resume=people["ada"].resume)
    other_job = JobFactory(company=outsider.company)
    foreign_stage = stage_of(other_job, StageKind.SCREEN)
    assert (
        recruiter_client.post(
            f"/pipeline/candidacies/{candidacy.pk}/board-move/", {"stage": foreign_stage.pk}
        ).status_code
        == 404
    )
    client.force_login(hiring_manager)
    assert (
        client.post(
            f"/pipeline/candidacies/{candidacy.pk}/board-move/", {"stage": stage_of(job, StageKind.SCREEN).pk}
        ).status_code
        == 403
    )
    client.force_login(outsider)
    assert (
        client.post(f"/pipeline/candidacies/{candidacy.pk}/board-move/", {"stage": foreign_stage.pk}).status_code == 404
    )
    assert Candidacy.objects.get(pk=candidacy.pk).stage.kind == StageKind.APPLIED


RESULTS = {**HX, "HTTP_HX_TARGET": "candidate-results"}


def _rows(content: bytes) -> list[tuple[str, str]]:
    return [(row.get("data-rank"), text(one(row, "a"))) for row in css(parse(content), ".candidate-row")]


def test_ranks_are_by_score_and_stay_after_a_change(recruiter_client: Any, job: Any, people: Any) -> None:
    # Filtered to Cy alone and sorted by status, Cy is still third by score.
    response = recruiter_client.get(f"/matching/jobs/{job.pk}/candidates/?q=young&sort=status", **RESULTS)
    assert _rows(response.content) == [("3", "Cy Young")]
    # A status change answers the row with its rank.
    row = recruiter_client.post(f"/matching/matches/{people['bob'].pk}/status/", {"status": "rejected"}, **HX).content
    assert _rows(row) == [("2", "Bob Builder")]


def test_filters_live_in_the_address_and_survive_a_reload(recruiter_client: Any, job: Any, people: Any) -> None:
    screen = stage_of(job, StageKind.SCREEN)
    Candidacy.objects.filter(job=job, resume__in=[people["ada"].resume, people["cy"].resume]).update(stage=screen)
    query = f"stage={screen.pk}&min_score=40&skill=Python&q=e"
    response = recruiter_client.get(
        f"/matching/jobs/{job.pk}/candidates/?{query}",
        **{**RESULTS, "HTTP_HX_CURRENT_URL": f"http://testserver/jobs/{job.pk}/"},
    )
    pushed = response["HX-Push-Url"]
    assert pushed.startswith(f"/jobs/{job.pk}/?")
    assert _rows(response.content) == [("1", "Ada Lovelace"), ("3", "Cy Young")]
    # Reloading the pushed address: the page asks for the panel with the same filters ...
    page = lxml.html.fromstring(recruiter_client.get(pushed).content)
    panel_url = one(page, "#candidates").get("hx-get")
    assert panel_url.split("?", 1)[1] == pushed.split("?", 1)[1]
    # ... and the panel shows them filled in and lists the same candidates.
    panel = parse(recruiter_client.get(panel_url, **HX).content)
    assert one(panel, "#f-stage option[selected]").get("value") == str(screen.pk)
    assert one(panel, "#f-min").get("value") == "40" and one(panel, "#f-skill").get("value") == "Python"
    assert one(panel, "#f-q").get("value") == "e"
    assert [(r.get("data-rank"), text(one(r, "a"))) for r in css(panel, ".candidate-row")] == [
        ("1", "Ada Lovelace"),
        ("3", "Cy Young"),
    ]
    # The tab to the board keeps them too.
    board_tab = one(panel, '.tabs a[data-view="board"]').get("href")
    assert f"stage={screen.pk}" in board_tab and "view=board" in board_tab


def _csv_rows(content: bytes) -> list[tuple[str, str]]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return [(row[0], row[1]) for row in rows[1:]]


def test_the_export_is_exactly_the_filtered_list(recruiter_client: Any, job: Any, people: Any) -> None:
    response = recruiter_client.get(f"/matching/jobs/{job.pk}/candidates/?min_score=50&skill=Python", **RESULTS)
    listed = _rows(response.content)
    assert listed == [("1", "Ada Lovelace")]
    link = one(parse(response.content), 'a[data-export="csv"]').get("href")
    assert _csv_rows(recruiter_client.get(link).content) == listed
    # The bulk form's export: the ticked candidates under the same filters, ranks kept.
    ticked = recruiter_client.post(
        f"/matching/jobs/{job.pk}/candidates/export/", {"format": "csv", "resume": [str(people["cy"].resume_id)]}
    )
    assert _csv_rows(ticked.content) == [("3", "Cy Young")]
    everyone = recruiter_client.post(
        f"/matching/jobs/{job.pk}/candidates/export/",
        {"format": "csv", "all_matching": "1", "skill": "Python", "resume": [str(people["cy"].resume_id)]},
    )
    assert _csv_rows(everyone.content) == [("1", "Ada Lovelace"), ("3", "Cy Young")]


def test_a_long_column_shows_its_best_and_links_to_everyone_in_the_list(
    recruiter_client: Any, job: Any, people: Any, monkeypatch: Any
) -> None:
    from matching import views

    monkeypatch.setattr(views, "COLUMN_LIMIT", 2)
    applied = stage_of(job, StageKind.APPLIED)
    column = one(_board(recruiter_client, job), f'.board-column[data-stage="{applied.pk}"]')
    assert _names(column, ".board-card .card-head a") == ["Ada Lovelace", "Bob Builder"]
    assert text(one(column, ".count")) == "3"
    more = one(column, ".more a")
    assert text(more) == "All 3 in the list" and f"stage={applied.pk}" in more.get("href")


def test_the_api_list_and_export_read_the_same_filters(recruiter_api: Any, job: Any, people: Any) -> None:
    screen = stage_of(job, StageKind.SCREEN)
    Candidacy.objects.filter(job=job, resume__in=[people["bob"].resume, people["cy"].resume]).update(stage=screen)
    params = {"stage": str(screen.pk), "q": "o"}  # Bob Builder, Cy Young (Pitcher has no "o"; Young has)
    listed = recruiter_api.get(f"/api/v1/jobs/{job.pk}/candidates", params).json()["results"]
    assert [row["candidate_name"] for row in listed] == ["Bob Builder", "Cy Young"]
    exported = recruiter_api.get(f"/api/v1/jobs/{job.pk}/candidates/export", {**params, "format": "csv"})
    assert _csv_rows(exported.content) == [("2", "Bob Builder"), ("3", "Cy Young")]


def test_a_bad_filter_is_named_and_nobody_is_listed(recruiter_client: Any, job: Any, people: Any) -> None:
    page = recruiter_client.get(f"/matching/jobs/{job.pk}/candidates/?min_score=abc")
    assert page.status_code == 400
    assert "“min_score”" in page.content.decode() and not _rows(page.content)
    # The htmx panel swaps only a 200: the refusal replaces the rows it corrects.
    rows = recruiter_client.get(f"/matching/jobs/{job.pk}/candidates/?status=bogus", **RESULTS)
    assert rows.status_code == 200 and "“status”" in rows.content.decode() and not _rows(rows.content)
    board = recruiter_client.get(f"/matching/jobs/{job.pk}/candidates/?view=board&stage=nope", **HX)
    assert "“stage”" in board.content.decode() and not css(parse(board.content), ".board-card")
    export = recruiter_client.get(f"/matching/jobs/{job.pk}/candidates/export/?format=csv&min_score=abc")
    assert export.status_code == 400 and "min_score" in export.content.decode()


def test_a_bulk_action_with_a_bad_filter_changes_nothing(
    recruiter_client: Any, recruiter_api: Any, job: Any, people: Any
) -> None:
    before = {c.pk: c.stage_id for c in Candidacy.objects.filter(job=job)}
    response = recruiter_api.post(
        f"/api/v1/jobs/{job.pk}/candidates/bulk",
        {"action": "reject", "reason": "No", "all_matching": True, "filters": {"status": "bogus"}},
        format="json",
    )
    assert response.status_code == 400 and "status" in response.json()
    recruiter_client.post(
        f"/pipeline/jobs/{job.pk}/bulk/", {"action": "reject", "reason": "No", "all_matching": "1", "min_score": "abc"}
    )
    assert {c.pk: c.stage_id for c in Candidacy.objects.filter(job=job)} == before


def _unscored(job: Any, **resume: Any) -> Any:
    """A candidate of the job with no score for it: their resume is still being read, or could not be."""
    from resumes.tests.factories import ResumeFactory

    return candidacy_ensure(job=job, resume=ResumeFactory(company=job.company, content="", **resume))


def test_a_candidate_without_a_score_is_on_the_board_after_the_scored_ones(
    recruiter_client: Any, job: Any, people: Any, monkeypatch: Any
) -> None:
    _unscored(job, candidate_name="", original_filename="wes.pdf", status="processing")
    failed = _unscored(job, candidate_name="", original_filename="scan.pdf", status="failed")
    screen = stage_of(job, StageKind.SCREEN)
    Candidacy.objects.filter(pk=failed.pk).update(stage=screen)

    board = _board(recruiter_client, job)
    applied = one(board, f'.board-column[data-stage="{stage_of(job, StageKind.APPLIED).pk}"]')
    assert _names(applied, ".board-card .card-head a") == ["Ada Lovelace", "Bob Builder", "Cy Young", "wes.pdf"]
    assert text(one(applied, ".count")) == "4"
    waiting = css(applied, ".board-card")[-1]
    assert "Not scored yet (processing)" in text(waiting) and "not scored yet" in waiting.get("aria-label")
    assert css(waiting, ".score") == [] and one(waiting, "select[data-move-select]") is not None
    column = one(board, f'.board-column[data-stage="{screen.pk}"]')
    assert _names(column, ".board-card .card-head a") == ["scan.pdf"]
    assert "Not scored: the resume could not be read" in text(one(column, ".board-card"))
    assert one(column, ".board-card").get("data-candidacy") == str(failed.pk)

    # The filters hold for them too: a text filter finds them, a minimum score leaves them out.
    assert _names(_board(recruiter_client, job, "&q=wes"), ".board-card .card-head a") == ["wes.pdf"]
    assert "wes.pdf" not in _names(_board(recruiter_client, job, "&min_score=1"), ".board-card .card-head a")
    # Every sort orders the scored cards; the unscored follow them.
    from matching.filters import SORTS

    for sort in SORTS:
        applied = one(
            _board(recruiter_client, job, f"&sort={sort}"),
            f'.board-column[data-stage="{stage_of(job, StageKind.APPLIED).pk}"]',
        )
        names = _names(applied, ".board-card .card-head a")
        assert sorted(names[:3]) == ["Ada Lovelace", "Bob Builder", "Cy Young"] and names[3] == "wes.pdf", sort
    latest_first = one(_board(recruiter_client, job, "&sort=recent"), ".board-column")
    assert _names(latest_first, ".board-card .card-head a") == ["Cy Young", "Bob Builder", "Ada Lovelace", "wes.pdf"]
    # A full column keeps its best scored cards; the unscored wait behind them.
    from matching import views

    monkeypatch.setattr(views, "COLUMN_LIMIT", 3)
    applied = one(_board(recruiter_client, job), f'.board-column[data-stage="{stage_of(job, StageKind.APPLIED).pk}"]')
    assert _names(applied, ".board-card .card-head a") == ["Ada Lovelace", "Bob Builder", "Cy Young"]
    assert text(one(applied, ".count")) == "4"


def test_the_board_is_read_in_a_fixed_number_of_queries(recruiter_client: Any, job: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def board_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _board(recruiter_client, job)
        return len(captured.captured_queries)

    _candidate(job, "Ada Lovelace", 91)
    one_card = board_queries()
    stages = pipeline_stages(job=job)
    for index in range(12):  # scored and unscored cards, in every column
        stage = stages[index % len(stages)]
        candidacy = _candidate(job, f"Scored {index}", 50 + index).resume.candidacies.get()
        Candidacy.objects.filter(pk=candidacy.pk).update(stage=stage)
        Candidacy.objects.filter(pk=_unscored(job, status="processing").pk).update(stage=stage)
    assert board_queries() == one_card
