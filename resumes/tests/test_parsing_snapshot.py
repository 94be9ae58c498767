"""The golden snapshot of parse results over the shared corpora (resumes/snapshot.py).

A parser change that moves any field of any corpus document fails here with a
line per document and field (old -> new). When the change is intended, rewrite
the snapshot with `python manage.py snapshot_parsing --update` and commit the
diff of resumes/tests/golden/parsing.jsonl with the change.
"""

from __future__ import annotations

from config.tests.corpora import require_corpora
from resumes import snapshot


def test_parse_results_over_the_corpora_match_the_golden_snapshot():
    corpora = require_corpora("resumes")
    changes = snapshot.diff(snapshot.load(), snapshot.collect(corpora.parent))
    assert not changes, (
        f"{len(changes)} parse result(s) moved; if intended, run `manage.py snapshot_parsing --update`:\n"
        + "\n".join(changes)
    )


def test_the_diff_names_the_document_and_field_that_moved():
    old = {
        "a.pdf": {"name": "1", "location": "Austin, TX", "skills": ["Go", "SQL"], "years": 3.0},
        "gone.pdf": {"name": ""},
    }
    new = {
        "a.pdf": {"name": "1", "location": "", "skills": ["Go", "Python"], "years": 3.5},
        "new.docx": {"name": "2"},
    }
    assert snapshot.diff(old, new) == [
        "gone.pdf: no longer in the corpora",
        "new.docx: new document",
        'a.pdf  location: "Austin, TX" -> ""',
        "a.pdf  years: 3.0 -> 3.5",
        "a.pdf  skills: -SQL +Python",
    ]


def test_personal_values_are_stored_as_digests():
    row = snapshot.record(
        "Maria Garcia\nmaria@example.com | (415) 555-0199 | Austin, TX\nlinkedin.com/in/maria-garcia\n"
        "Skills\nPython, Go",
        method="text",
    )
    stored = repr(row)
    assert "Maria" not in stored and "maria" not in stored and "555" not in stored
    assert row["name"] == snapshot.digest("Maria Garcia")
    assert row["links"]["linkedin"].startswith("linkedin.com/")
    assert row["location"] == "Austin, TX"
    assert {"Python", "Go"} <= set(row["skills"])
