"""Which sentences of a posting describe the role: pure Python, no model, no database."""

from matching.postings import COMPANY, ROLE, classify_posting, role_text

POSTING_WITH_HEADINGS = """Acme Analytics is a fast-growing company headquartered in Denver, founded in 2009.
Our mission is to make data useful for every family business in America.

Responsibilities:
Build and maintain ETL pipelines in Python and SQL.
Design dashboards for the finance team in Tableau.

Requirements:
3+ years of experience with PostgreSQL and Airflow.
Bachelor's degree in Computer Science or a related field.

Benefits:
Medical, dental and vision insurance from day one.
Unlimited snacks and a bike to work scheme.

Acme is an equal opportunity employer. All qualified applicants will receive consideration
without regard to race, color, religion, sex, national origin, disability or veteran status.
To apply, send your resume to jobs@acme.example.
"""

# Run-on text as some job boards store it: headings glued to the sentence before.
RUN_ON_POSTING = (
    "Java DeveloperFull-time/direct-hire Our client is a leading software organization with an outstanding "
    "benefits package and casual dress. They are looking for a Java Developer to join their company. "
    "Primary Responsibilities:- Develop robust, high performance applications- Analyze and diagnose application "
    "errors Required Skills:- Core Java with JDBC interfaces to relational databases- Multithreading "
    "If you are interested, please email your resume to jobs@agency.example"
)


def test_headings_sort_role_from_company_text():
    kinds = {s.text: s.kind for s in classify_posting(POSTING_WITH_HEADINGS)}
    assert kinds["Build and maintain ETL pipelines in Python and SQL."] == ROLE
    assert kinds["3+ years of experience with PostgreSQL and Airflow."] == ROLE
    assert kinds["Unlimited snacks and a bike to work scheme."] == COMPANY
    assert kinds["Our mission is to make data useful for every family business in America."] == COMPANY
    assert "Responsibilities:" not in kinds  # headings are not sentences


def test_legal_and_application_text_is_company_text_under_any_heading():
    sentences = classify_posting("Requirements:\nAcme is an equal opportunity employer.\nPython and SQL.")
    assert [s.kind for s in sentences] == [COMPANY, ROLE]


def test_role_text_keeps_the_work_and_drops_the_boilerplate():
    text = role_text(POSTING_WITH_HEADINGS, min_words=10)
    assert "ETL pipelines" in text and "Airflow" in text and "Tableau" in text
    for boilerplate in ("dental", "equal opportunity", "jobs@acme", "headquartered", "mission"):
        assert boilerplate not in text


def test_inline_headings_of_run_on_postings():
    text = role_text(RUN_ON_POSTING, min_words=10)
    assert "Core Java with JDBC" in text and "Analyze and diagnose" in text
    assert "email your resume" not in text and "benefits package" not in text


def test_wrapped_pdf_lines_are_read_as_one_sentence():
    sentences = classify_posting(
        "About us:\nWe build banks.\n\nResponsibilities:\nDesign and build payment\nservices in Go."
    )
    assert sentences[-1].text == "Design and build payment services in Go." and sentences[-1].kind == ROLE


def test_a_terse_posting_is_all_role():
    # Nothing recognisable: the whole text is kept rather than an empty vector.
    assert (
        role_text("Forklift driver, night shift, Rotterdam harbour.")
        == "Forklift driver, night shift, Rotterdam harbour."
    )
