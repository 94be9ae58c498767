"""Nearest-neighbour search stays exact per company, whatever the index does."""

import numpy as np
import pytest
from django.db import connection

from companies.tests.factories import CompanyFactory
from jobs.vectors import EMBEDDING_DIMENSIONS
from matching import selectors
from resumes.models import Resume

pytestmark = pytest.mark.django_db


def _bulk_resumes(company, vectors):
    Resume.objects.bulk_create(
        [
            Resume(
                company=company,
                original_filename=f"r{i}.txt",
                file=f"resumes/x/{company.pk}-{i}.txt",
                file_kind="txt",
                sha256=f"{company.pk.hex[:32]}{i:032d}",
                status="processed",
                embedding=vector,
                candidate_name=f"{company.name} {i}",
            )
            for i, vector in enumerate(vectors)
        ],
        batch_size=1000,
    )


def _unit(rows, dim=EMBEDDING_DIMENSIONS, seed=0):
    vectors = np.random.default_rng(seed).normal(size=(rows, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.fixture
def crowded_table():
    big, small = CompanyFactory(name="Big Corp"), CompanyFactory(name="Small Shop")
    _bulk_resumes(big, _unit(3000, seed=1))
    small_vectors = _unit(25, seed=2)
    _bulk_resumes(small, small_vectors)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE resumes_resume")
    return big, small, small_vectors


def _expected(company, query, limit):
    rows = list(Resume.objects.filter(company=company).values_list("pk", "embedding"))
    scores = sorted(((float(np.dot(query, np.asarray(v))), pk) for pk, v in rows), reverse=True)
    return [pk for _, pk in scores[:limit]]


def test_small_company_gets_its_exact_top_k(crowded_table):
    big, small, small_vectors = crowded_table
    query = _unit(1, seed=3)[0]
    found = [r.pk for r, _ in selectors.nearest_resumes(company=small, vector=query, limit=10)]
    assert found == _expected(small, query, 10)
    assert all(Resume.objects.get(pk=pk).company_id == small.pk for pk in found)


def test_index_path_falls_back_to_exact_when_the_filtered_scan_comes_up_short(crowded_table, monkeypatch):
    big, small, _ = crowded_table
    monkeypatch.setattr(selectors, "EXACT_SCAN_LIMIT", 0)  # force the HNSW path
    monkeypatch.setattr(selectors, "HNSW_EF_SEARCH", 10)  # and make it miss
    monkeypatch.setattr(selectors, "HNSW_EF_SEARCH_MAX", 10)
    query = _unit(1, seed=4)[0]
    found = [r.pk for r, _ in selectors.nearest_resumes(company=small, vector=query, limit=20)]
    assert found == _expected(small, query, 20)


def test_large_company_through_the_index_has_high_recall(crowded_table, monkeypatch):
    big, _, _ = crowded_table
    monkeypatch.setattr(selectors, "EXACT_SCAN_LIMIT", 0)
    query = _unit(1, seed=5)[0]
    found = {r.pk for r, _ in selectors.nearest_resumes(company=big, vector=query, limit=50)}
    assert len(found & set(_expected(big, query, 50))) >= 45


def test_the_exact_scan_does_not_use_the_hnsw_index(crowded_table):
    from django.db import transaction
    from pgvector.django import CosineDistance

    _, small, _ = crowded_table
    query = _unit(1, seed=6)[0]
    queryset = Resume.objects.filter(company=small)
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Make index ordering as tempting as it can be: the plain query takes the HNSW index...
            cursor.execute("SET LOCAL enable_sort = off")
        plain = queryset.annotate(distance=CosineDistance("embedding", query)).order_by("distance")[:5].explain()
        exact = selectors.exact_nearest_queryset(queryset, query, 5).explain()
    assert "resume_embedding_hnsw" in plain
    # ...and the exact scan still cannot, so it compares every row of the company.
    assert "resume_embedding_hnsw" not in exact
