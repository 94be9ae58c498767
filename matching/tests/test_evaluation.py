"""The guard on ranking quality: the real model on a frozen slice of the labelled corpora.

`evaluate_matching` scores through the product's own code (services.score_resume);
this slice (at most 8 postings of each source against the report half of the
resumes) must not fall below the figure measured when the constants were last set,
and must beat BM25 and whole-document cosine computed in the same run.
"""

import pytest

from config.tests.corpora import require_corpora
from matching import evaluation

pytestmark = pytest.mark.model

# Measured on this slice with the shipped constants (2026-12-01).
SLICE_NDCG = 0.73  # measured 0.743 (cosine 0.586, BM25 0.151)
SLICE_MARGIN_OVER_COSINE = 0.14


def test_ranking_quality_holds_on_the_frozen_slice():
    # Skips locally without the corpora; fails in CI (SHORTLIST_REQUIRE_CORPORA), never silently passes.
    corpora = require_corpora("labeled").parent
    report = evaluation.evaluate(corpora, max_jobs=8, tune_constants=False)
    shortlist = report.rows["Shortlist score"]["ndcg@10"]
    cosine = report.rows["Embedding cosine (whole doc)"]["ndcg@10"]
    bm25 = report.rows["BM25"]["ndcg@10"]
    assert shortlist >= SLICE_NDCG, report.rows
    assert shortlist - cosine >= SLICE_MARGIN_OVER_COSINE, report.rows
    assert shortlist > bm25
    assert {row.source for row in report.sources} == set(evaluation.POSTING_SOURCES)
