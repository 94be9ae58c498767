"""Vector search at scale: 100,000 resume vectors in 20 companies.

    python manage.py bench_vectors [--rows 100000] [--companies 20] [--queries 50] [--keep]

Synthetic vectors, clustered like real embeddings (random unit vectors are all
nearly orthogonal, which flatters no index and resembles no resume pool). Prints,
for the search Shortlist ships (`selectors.nearest_resumes`) and, in the same run,
for a plain filtered HNSW query as the baseline: top-50 latency (median, p95) and
recall@50 against an exact scan, for

- one company's semantic search (an even share of the table, and one company that
  holds a third of it, which takes the index path), and
- a job's full candidate list: the first page of `ranked_candidates` over 5,000
  scored candidates.

Rows belong to throwaway companies, deleted at the end unless --keep.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from pgvector.django import CosineDistance

from jobs.vectors import EMBEDDING_DIMENSIONS


def clustered_vectors(rng, count: int, centres: np.ndarray, spread: float = 0.45) -> np.ndarray:
    picks = centres[rng.integers(0, len(centres), size=count)]
    vectors = (
        picks
        + spread * rng.normal(size=(count, EMBEDDING_DIMENSIONS)).astype(np.float32) / np.sqrt(EMBEDDING_DIMENSIONS) * 4
    )
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def percentile(values, q):
    return float(np.percentile(values, q))


class Command(BaseCommand):
    help = "Top-50 latency and recall of per-company vector search over 100,000 resume vectors."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--companies", type=int, default=20)
        parser.add_argument("--queries", type=int, default=50)
        parser.add_argument("--keep", action="store_true", help="Keep the generated rows.")
        parser.add_argument("--reuse", action="store_true", help="Measure the rows an earlier --keep run left.")

    def handle(self, *args, rows, companies, queries, keep, reuse, **options):
        from companies.models import Company
        from jobs.models import JobDescription
        from matching import selectors
        from matching.models import MatchResult
        from resumes.models import Resume

        rng = np.random.default_rng(7)
        centres = rng.normal(size=(300, EMBEDDING_DIMENSIONS)).astype(np.float32)
        centres /= np.linalg.norm(centres, axis=1, keepdims=True)
        stamp = time.time_ns()
        if reuse:
            tenants = sorted(
                Company.objects.filter(name__startswith="bench-vectors-"),
                key=lambda tenant: -Resume.objects.filter(company=tenant).count(),
            )
            if not tenants:
                self.stderr.write("No rows from an earlier --keep run; loading new ones.")
        if not reuse or not tenants:
            tenants = self._load(rng, centres, stamp, rows, companies)
        try:
            self.stdout.write(f"pgvector {'.'.join(map(str, selectors.pgvector_version()))}")
            header = f"{'case':<44} {'rows':>7} {'median ms':>10} {'p95 ms':>8} {'recall@50':>10}"
            self.stdout.write(header)
            for label, tenant in (
                ("one company, even share", tenants[1]),
                ("one company, a third of the table", tenants[0]),
            ):
                pool = Resume.objects.for_company(tenant).filter(status="processed", embedding__isnull=False)
                count = pool.count()
                query_vectors = clustered_vectors(rng, queries, centres)
                exact = [self._exact_ids(pool, vector) for vector in query_vectors]
                shipped = self._measure(
                    lambda v: [r.pk for r, _ in selectors.nearest_resumes(company=tenant, vector=v, limit=50)],
                    query_vectors,
                    exact,
                )
                plain = self._measure(lambda v: self._plain_hnsw_ids(pool, v), query_vectors, exact)
                self._row(f"{label}: Shortlist", count, shipped)
                self._row(f"{label}: plain HNSW (ef_search 40)", count, plain)

            # A job's full candidate list: the first page of the ranked list.
            tenant = tenants[1]
            MatchResult.objects.filter(company=tenant).delete()
            job = JobDescription.objects.create(company=tenant, title="Bench job", description="synthetic")
            candidate_ids = list(Resume.objects.for_company(tenant).values_list("pk", flat=True)[:5000])
            MatchResult.objects.bulk_create(
                [
                    MatchResult(company=tenant, job=job, resume_id=pk, match_score=float(score))
                    for pk, score in zip(candidate_ids, rng.uniform(0, 100, size=len(candidate_ids)))
                ],
                batch_size=2000,
            )
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE matching_matchresult")
            expected = list(
                MatchResult.objects.filter(job=job)
                .order_by("-match_score", "resume_id")
                .values_list("resume_id", flat=True)[:50]
            )
            timings = []
            for _ in range(queries):
                begun = time.perf_counter()
                page = [m.resume_id for m in selectors.ranked_candidates(job=job)[:50]]
                timings.append(1000 * (time.perf_counter() - begun))
            recall = len(set(page) & set(expected)) / 50
            self._row("job candidate list, first 50 (ranked_candidates)", len(candidate_ids), (timings, recall))
        finally:
            if not keep:
                with transaction.atomic():
                    for tenant in tenants:
                        MatchResult.objects.filter(company=tenant).delete()
                        Resume.objects.filter(company=tenant).delete()
                        tenant.delete()

    def _load(self, rng, centres, stamp, rows, companies):
        from companies.models import Company
        from resumes.models import Resume

        tenants = [Company.objects.create(name=f"bench-vectors-{stamp}-{i}") for i in range(companies)]
        # One company holds a third of the table; the others share the rest evenly.
        big_share = rows // 3
        sizes = [big_share] + [(rows - big_share) // (companies - 1)] * (companies - 1)
        started = time.perf_counter()
        for tenant, size in zip(tenants, sizes):
            vectors = clustered_vectors(rng, size, centres)
            for start in range(0, size, 2000):
                Resume.objects.bulk_create(
                    [
                        Resume(
                            company=tenant,
                            original_filename="synthetic.txt",
                            file="resumes/synthetic.txt",
                            file_kind="txt",
                            sha256=f"{stamp:x}{tenant.pk.hex[:8]}{start + i:012d}"[-64:],
                            status="processed",
                            embedding=vector,
                        )
                        for i, vector in enumerate(vectors[start : start + 2000])
                    ]
                )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE resumes_resume")
        self.stdout.write(
            f"loaded {sum(sizes):,} vectors in {companies} companies in {time.perf_counter() - started:.0f} s"
        )
        return tenants

    @staticmethod
    def _exact_ids(pool, vector):
        from matching.selectors import exact_nearest_queryset

        return [row.pk for row in exact_nearest_queryset(pool, vector, 50)]

    @staticmethod
    def _plain_hnsw_ids(pool, vector):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL hnsw.ef_search = 40")
            return list(
                pool.annotate(distance=CosineDistance("embedding", vector))
                .order_by("distance")
                .values_list("pk", flat=True)[:50]
            )

    @staticmethod
    def _measure(search, vectors, exact):
        timings, recalls = [], []
        for vector, truth in zip(vectors, exact):
            begun = time.perf_counter()
            found = search(vector)
            timings.append(1000 * (time.perf_counter() - begun))
            recalls.append(len(set(found) & set(truth)) / len(truth))
        return timings, statistics.mean(recalls)

    def _row(self, label, count, measured):
        timings, recall = measured
        self.stdout.write(
            f"{label:<44} {count:>7,} {statistics.median(timings):>10.1f} {percentile(timings, 95):>8.1f} {recall:>10.3f}"
        )
