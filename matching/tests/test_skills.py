"""Skill taxonomy, extraction and matching (matching/skills.py). Plain pytest: no Django,
no database. Tests that read the shared corpora skip when they are absent
(fail in CI: config/tests/corpora.py).
"""

from __future__ import annotations

import csv
import json
import sys
import threading
from pathlib import Path

import pytest

from config.tests.corpora import corpora_path, require_corpora
from matching import skills
from matching.skills import (
    CATEGORIES,
    Taxonomy,
    canonical_skill,
    extract_skills,
    get_taxonomy,
    skill_category,
    skill_match,
    suggest_skills,
)

REPO_DIR = Path(__file__).resolve().parents[2]
CORPORA = corpora_path()


# The repository's autouse fixtures reset Django settings and cache; these tests need
# neither, and must also run with `-p no:django`, where those fixtures cannot resolve.
@pytest.fixture(autouse=True)
def _isolated_media():
    yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    yield


def names(text: str) -> list[str]:
    return [found.name for found in extract_skills(text)]


# --- the taxonomy file ---------------------------------------------------------


def test_taxonomy_is_large_and_covers_every_category():
    taxonomy = get_taxonomy()
    counts = taxonomy.category_counts()

    assert len(taxonomy) >= 1500
    assert set(counts) == set(CATEGORIES)
    assert all(counts[category] >= 20 for category in CATEGORIES), counts


def test_skills_csv_has_the_documented_columns_and_is_sorted_without_duplicates():
    with open(skills.SKILLS_CSV, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames == ["name", "category", "aliases", "case_sensitive", "strict"]
    keys = [(row["name"].lower(), row["name"]) for row in rows]
    assert keys == sorted(keys)
    assert len({row["name"].lower() for row in rows}) == len(rows)
    assert {row["category"] for row in rows} == set(CATEGORIES)


def test_every_surface_form_leads_back_to_its_own_skill():
    taxonomy = get_taxonomy()
    wrong = [
        (form, entry.name, taxonomy.canonical(form))
        for entry in taxonomy.entries
        for form, _mode in entry.surface_forms()
        if taxonomy.canonical(form) != entry.name
    ]
    assert wrong == []


@pytest.mark.parametrize(
    "domain_skill",
    [
        "Python",
        "Machine learning",
        "Kubernetes",
        "Figma",
        "Salesforce",
        "Search engine optimization",
        "Account reconciliation",
        "Wound care",
        "Onboarding",
        "Forklift operation",
        "Legal research",
        "Building information modeling",
        "Knife skills",
        "Lesson planning",
        "Flight planning",
        "Irrigation",
    ],
)
def test_taxonomy_spans_the_fields_resumes_come_from(domain_skill):
    assert canonical_skill(domain_skill) == domain_skill


# --- lookup ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("Postgres", "PostgreSQL"),
        ("postgresql", "PostgreSQL"),
        ("k8s", "Kubernetes"),
        ("JS", "JavaScript"),
        ("TS", "TypeScript"),
        ("golang", "Go"),
        ("go", "Go"),
        ("ReactJS", "React"),
        ("React.js", "React"),
        ("Node", "Node.js"),
        ("NodeJS", "Node.js"),
        ("sklearn", "scikit-learn"),
        ("GCP", "Google Cloud Platform"),
        ("AWS", "Amazon Web Services"),
        ("MS Excel", "Microsoft Excel"),
        ("excel", "Microsoft Excel"),
        ("CPA", "Certified Public Accountant"),
        ("PMP", "Project Management Professional"),
        ("RN", "Registered Nurse"),
        ("BLS", "BLS"),
        ("ACLS", "ACLS"),
        ("front-end development", "Front-end development"),
        ("Data Modelling", "Data modeling"),
        ("REST APIs", "REST API"),
    ],
)
def test_canonical_skill_resolves_aliases_in_any_case(alias, canonical):
    assert canonical_skill(alias) == canonical


@pytest.mark.parametrize("unknown", ["", "   ", "Underwater basket weaving 3000", "the"])
def test_canonical_skill_is_none_for_unknown_names(unknown):
    assert canonical_skill(unknown) is None


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("Python", "technical"),
        ("Docker", "tool"),
        ("Teamwork", "soft"),
        ("PMP", "certification"),
        ("Spanish", "language"),
        ("Mandarin", "language"),
        ("not a skill at all", None),
    ],
)
def test_skill_category(name, category):
    assert skill_category(name) == category


def test_taxonomy_is_one_shared_instance_across_threads():
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(get_taxonomy())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(taxonomy) for taxonomy in seen}) == 1
    assert seen[0] is get_taxonomy()


# --- extraction: tricky names and boundaries --------------------------------------


@pytest.mark.parametrize(
    ("text", "skill", "matched"),
    [
        ("Languages: C++, Python", "C++", "C++"),
        ("Built APIs in C# and F#, SQL", "C#", "C#"),
        ("Languages: Haskell, F#, OCaml", "F#", "F#"),
        ("Platforms: .NET, Azure", ".NET", ".NET"),
        ("Web: ASP.NET MVC", "ASP.NET MVC", "ASP.NET MVC"),
        ("Backend in Node.js and Express", "Node.js", "Node.js"),
        ("Frontend: Vue.js, Nuxt", "Vue.js", "Vue.js"),
        ("Owned the CI/CD pipeline", "CI/CD", "CI/CD"),
        ("Protocols: TCP/IP, DNS", "TCP/IP", "TCP/IP"),
        ("Skills: Python, R, SQL", "R", "R"),
        ("Statistical analysis in R.", "R", "R"),
        ("Languages: Go, Rust, Java", "Go", "Go"),
        ("Wrote services in Go and Python", "Go", "Go"),
        ("Ran A/B testing on checkout", "A/B testing", "A/B testing"),
        ("iOS apps in Swift and Objective-C", "Objective-C", "Objective-C"),
        ("iOS apps in Swift and Objective-C", "Swift", "Swift"),
        ("Modern C++17 and STL", "C++", "C++"),
        ("Microsoft Office: Excel, Word, Outlook", "Microsoft Word", "Word"),
        ("Config management with Ansible, Chef, Puppet", "Chef", "Chef"),
        ("Fluent in Spanish and English", "Spanish", "Spanish"),
        ("Languages: English, Mandarin (native)", "Mandarin", "Mandarin"),
        ("TECHNICAL SKILLS: JAVA, SPRING, HIBERNATE", "Spring Framework", "SPRING"),
    ],
)
def test_tricky_names_are_found_with_exact_spans(text, skill, matched):
    found = {f.name: f for f in extract_skills(text)}
    assert skill in found, [f.name for f in found.values()]
    assert found[skill].matched_text == matched
    assert text[found[skill].start : found[skill].end] == matched


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Frontend in JavaScript", [("Front-end development", "Frontend"), ("JavaScript", "JavaScript")]),
        ("Databases: MySQL, NoSQL", [("Database management", "Databases"), ("MySQL", "MySQL"), ("NoSQL", "NoSQL")]),
        ("Languages: C++, C#", [("C++", "C++"), ("C#", "C#")]),
        ("Languages: Objective-C", [("Objective-C", "Objective-C")]),
        ("Web: ASP.NET", [("ASP.NET", "ASP.NET")]),
        ("Services in Golang", [("Go", "Golang")]),
        ("Worked on TypeScript", [("TypeScript", "TypeScript")]),
        ("Wrote PostgreSQL functions", [("PostgreSQL", "PostgreSQL")]),
    ],
)
def test_a_skill_is_not_found_inside_a_longer_token(text, expected):
    assert [(f.name, f.matched_text) for f in extract_skills(text)] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "I will go to the store",
        "Ready to go, then we go again.",
        "we made a swift decision",
        "access the word document",
        "Access the Word document on the shared drive",
        "The rust on the old gate",
        "a spark of genius",
        "make less noise near the ant hill and the dart board",
        "shell out money for the trip",
        "We excel at everything",
        "Led the go-live and the Go-live retrospective",
        "R&D budget; John R. Smith; Microsoft(R) certified",
        "Presented to C-suite executives; vitamin C; grade C",
        "Graduated in Spring 2019",
        "French cuisine and Italian wines",
        "Ruby Tuesday restaurant",
        "Swing shift supervisor",
    ],
)
def test_ordinary_sentences_yield_no_tech_or_language_skills(sentence):
    found = [f for f in extract_skills(sentence) if f.category in ("technical", "tool", "language")]
    assert found == [], [(f.name, f.matched_text) for f in found]


def test_chef_de_partie_is_a_culinary_skill_not_the_configuration_tool():
    found = names("Chef de partie at a restaurant, then Executive Chef, Hilton Hotel")
    assert "Chef" not in found
    assert "Culinary arts" in found


def test_urls_and_email_addresses_are_not_read_as_skills():
    text = "jane@python.org | github.com/jane/react-app | https://example.com/java\nSkills: Docker"
    assert names(text) == ["Docker"]


def test_british_spellings_and_plurals_match():
    assert names("Data modelling and behaviour analysis; REST APIs; pivot tables") == [
        "Data modeling",
        "REST API",
        "Pivot tables",
    ]


# --- extraction: what comes back ---------------------------------------------------


RESUME = """Jane Doe
Senior Data Engineer

EXPERIENCE
  Built ETL pipelines in Python and SQL on AWS; Python tooling for the team.
  Deployed services with Docker and k8s; mentoring two engineers.

SKILLS
Python, Postgres, Apache Spark, Tableau, Spanish (fluent)
"""


def test_extract_returns_first_occurrence_spans_lines_and_counts():
    found = extract_skills(RESUME)
    by_name = {f.name: f for f in found}

    assert [f.start for f in found] == sorted(f.start for f in found)
    assert len(by_name) == len(found)
    for f in found:
        assert RESUME[f.start : f.end] == f.matched_text
        assert f.category in CATEGORIES
    python = by_name["Python"]
    assert python.start == RESUME.index("Python")
    assert python.line == "Built ETL pipelines in Python and SQL on AWS; Python tooling for the team."
    assert python.count == 3
    assert by_name["PostgreSQL"].matched_text == "Postgres"
    assert by_name["Kubernetes"].matched_text == "k8s"
    assert by_name["Spanish"].category == "language"
    assert {"ETL", "SQL", "Amazon Web Services", "Docker", "Apache Spark", "Tableau", "Mentoring"} <= set(by_name)


def test_long_lines_are_cut_around_the_match():
    text = "lorem " * 100 + "Kubernetes " + "ipsum " * 100
    (found,) = extract_skills(text)
    assert len(found.line) <= skills.LINE_MAX_CHARS
    assert "Kubernetes" in found.line


def test_empty_text_has_no_skills():
    assert extract_skills("") == []
    assert suggest_skills("") == []


def test_suggest_skills_lists_canonical_names_in_order_of_first_appearance():
    description = (
        "We need a backend engineer with Postgres and Django experience. "
        "Nice to have: k8s, Terraform. You will write Django views and SQL daily."
    )
    assert suggest_skills(description) == [
        "Back-end development",
        "PostgreSQL",
        "Django",
        "Kubernetes",
        "Terraform",
        "SQL",
    ]


def test_a_small_taxonomy_can_be_built_and_used_directly():
    taxonomy = Taxonomy(
        [
            skills.SkillEntry("Widgetry", "technical", aliases=("widget making",)),
            skills.SkillEntry("Zed", "tool", strict=("Zed",)),
        ]
    )
    assert taxonomy.canonical("Widget-Making") == "Widgetry"
    assert [f.name for f in taxonomy.extract("Widget making, Zed")] == ["Widgetry", "Zed"]
    assert taxonomy.extract("Zed said hello") == []
    with pytest.raises(ValueError):
        Taxonomy([skills.SkillEntry("Thing", "hobby")])


# --- matching a job's skills with a resume's ----------------------------------------


def test_skill_match_weights_required_skills_over_nice_to_have():
    match = skill_match(
        required=["Python", "Postgres", "Kubernetes"],
        nice_to_have=["Terraform", "Go"],
        found=["Python", "PostgreSQL", "Terraform", "Excel"],
    )
    assert match.matched_required == ["Python", "PostgreSQL"]
    assert match.missing_required == ["Kubernetes"]
    assert match.matched_nice == ["Terraform"]
    assert match.missing_nice == ["Go"]
    assert match.additional == ["Microsoft Excel"]
    # (2 * 2 + 1 * 1) / (2 * 3 + 1 * 2)
    assert match.score == pytest.approx(5 / 8)


def test_missing_a_required_skill_costs_more_than_missing_a_nice_one():
    job = {"required": ["Python", "SQL"], "nice_to_have": ["Docker", "Airflow"]}
    lacks_required = skill_match(**job, found=["Python", "Docker", "Apache Airflow"])
    lacks_nice = skill_match(**job, found=["Python", "SQL", "Docker"])
    assert lacks_nice.score > lacks_required.score


def test_skill_match_canonicalizes_job_skills_and_respects_custom_weights():
    match = skill_match(
        required=["k8s", "golang"],
        nice_to_have=["sklearn"],
        found=["Kubernetes", "Go"],
        required_weight=3,
        nice_weight=1,
    )
    assert match.matched_required == ["Kubernetes", "Go"]
    assert match.missing_nice == ["scikit-learn"]
    assert match.score == pytest.approx(6 / 7)


def test_a_skill_listed_as_both_required_and_nice_counts_once_as_required():
    match = skill_match(required=["Python"], nice_to_have=["python", "SQL"], found=["Python"])
    assert match.matched_required == ["Python"]
    assert match.matched_nice == []
    assert match.missing_nice == ["SQL"]


def test_skills_outside_the_taxonomy_are_compared_as_typed():
    match = skill_match(required=["Frobnication"], nice_to_have=[], found=["frobnication"])
    assert match.matched_required == ["Frobnication"]
    assert match.score == 1.0


def test_a_job_without_skills_gives_no_score():
    match = skill_match(required=[], nice_to_have=[], found=["Python"])
    assert match.score is None
    assert match.additional == ["Python"]


def test_a_resume_without_skills_scores_zero():
    match = skill_match(required=["Python"], nice_to_have=["Docker"], found=[])
    assert match.score == 0.0
    assert match.missing_required == ["Python"]


# --- the shared corpora ------------------------------------------------------------------


def test_skills_csv_is_what_the_build_script_produces():
    require_corpora("skills")
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_skills", REPO_DIR / "matching" / "data" / "build_skills.py")
    build_skills = importlib.util.module_from_spec(spec)
    sys.modules["build_skills"] = build_skills  # dataclasses look their module up there
    spec.loader.exec_module(build_skills)
    expected = build_skills.render(build_skills.build(CORPORA))
    assert skills.SKILLS_CSV.read_text(encoding="utf-8") == expected, "run matching/data/build_skills.py"


def test_open_resume_ground_truth_skills_are_all_found():
    pypdf = pytest.importorskip("pypdf", reason="pypdf reads the open-resume PDF")
    folder = require_corpora("resumes", "open-resume")
    truth = json.loads((folder / "ground_truth.json").read_text(encoding="utf-8"))
    for filename, expected in truth.items():
        text = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(folder / filename).pages)
        found = {f.name for f in extract_skills(text)}
        wanted = {canonical_skill(name) or name for name in expected["skills"]}
        assert wanted <= found, f"{filename}: missing {sorted(wanted - found)}"


def test_most_annotated_dataturks_skill_phrases_are_recalled():
    require_corpora("labeled", "dataturks-train.json")
    # A regression floor, not a target: bench_skills.py prints the measured value.
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_skills", REPO_DIR / "matching" / "bench_skills.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    taxonomy = get_taxonomy()
    total = recalled = 0
    for resume in bench.load_dataturks(CORPORA):
        occurrences = taxonomy.occurrences(resume["content"])
        for start, end, _phrase in bench.skill_phrases(resume):
            total += 1
            recalled += any(o_start < end and start < o_end for _, o_start, o_end in occurrences)
    assert total > 1000
    assert recalled / total >= 0.6
