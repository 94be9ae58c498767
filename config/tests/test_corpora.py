"""require_corpora: a missing corpus skips locally and fails where SHORTLIST_REQUIRE_CORPORA is set (CI)."""

from __future__ import annotations

import pytest

from config.tests.corpora import require_corpora


def test_a_missing_corpus_skips_locally(monkeypatch, tmp_path):
    monkeypatch.setenv("SHORTLIST_CORPORA", str(tmp_path))
    monkeypatch.delenv("SHORTLIST_REQUIRE_CORPORA", raising=False)
    with pytest.raises(pytest.skip.Exception):
        require_corpora("resumes")


def test_a_missing_corpus_fails_when_required(monkeypatch, tmp_path):
    monkeypatch.setenv("SHORTLIST_CORPORA", str(tmp_path))
    monkeypatch.setenv("SHORTLIST_REQUIRE_CORPORA", "1")
    with pytest.raises(pytest.fail.Exception, match="SHORTLIST_REQUIRE_CORPORA"):
        require_corpora("resumes")


def test_a_present_corpus_is_returned(monkeypatch, tmp_path):
    (tmp_path / "resumes").mkdir()
    monkeypatch.setenv("SHORTLIST_CORPORA", str(tmp_path))
    monkeypatch.setenv("SHORTLIST_REQUIRE_CORPORA", "1")
    assert require_corpora("resumes") == tmp_path / "resumes"
