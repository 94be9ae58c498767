"""The current job title that tells candidate rows apart."""

import pytest

from resumes.parsing import parse_resume
from resumes.parsing.titles import find_current_title


@pytest.mark.parametrize(
    ("experience", "title"),
    [
        ("Data Analyst at Acme Corp, Jan 2019 - Present\n- Built dashboards", "Data Analyst"),
        ("Senior Data Scientist | DataCo | 2022 - Present", "Senior Data Scientist"),
        ("Senior Software Engineer — TechNova Inc., San Francisco, CA", "Senior Software Engineer"),
        ("Acme Corp\nRegistered Nurse\n2019 - Present", "Registered Nurse"),
        ("Jan 2019 - Present\nBackend Developer, Foo Inc.", "Backend Developer"),
        ("Information Technology Technician I Aug 2007 to Current", "Information Technology Technician I"),
        ("- Built pipelines in Python\n- Led a team", ""),  # bullets describe work, not the role
        ("Python, Django, SQL", ""),  # skills are no title
    ],
)
def test_the_latest_role_from_the_experience_section(experience, title):
    assert find_current_title(sections={"experience": experience}) == title


def test_a_headline_under_the_name_when_experience_has_none():
    header = ["Jane Example", "Senior Data Analyst", "jane@example.com | Berlin"]
    assert find_current_title(sections={}, header=header) == "Senior Data Analyst"
    assert find_current_title(sections={}, header=["Jane Example", "jane@example.com"]) == ""


def test_parse_resume_finds_it():
    text = "Jane Example\njane@example.com\n\nEXPERIENCE\nQA Analyst at Initech, 2020 - Present\n- Tested releases\n"
    assert parse_resume(text).current_title == "QA Analyst"
