"""End-to-end ingestion throughput: upload → extract → parse → skills → embed → stored.

    python manage.py bench_ingest --count 60 [--corpora PATH]

Real PDFs from the corpora go through `resumes.services.resume_upload` with Celery
in eager mode, the way a recruiter's upload runs without workers. Every step is
timed where it happens (the service's own calls are wrapped), with a fresh
in-memory embedding cache so nothing is served from an earlier run. The rows and
files it creates belong to a throwaway company that is deleted at the end.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test import override_settings

from companies.roles import SYSTEM


@contextmanager
def timed(target: str, totals: dict[str, float], label: str) -> Iterator[None]:
    module_path, name = target.rsplit(".", 1)
    module = __import__(module_path, fromlist=[name])
    original = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            totals[label] += time.perf_counter() - started

    with mock.patch.object(module, name, wrapper):
        yield


class Command(BaseCommand):
    help = "Ingest N real resumes end to end and print resumes per second and time per step."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=60)
        parser.add_argument("--corpora", default=str(Path(settings.BASE_DIR).parent / "shared" / "corpora"))
        parser.add_argument(
            "--glob",
            default="labeled/livecareer-dev/*/*.pdf",
            help="Which files under the corpora (e.g. 'resumes/**/*.pdf'); at most --count of them.",
        )

    def handle(self, *args: Any, count: int, corpora: str, glob: str, **options: Any) -> None:
        from companies.models import Company
        from matching import embeddings
        from resumes import services

        found = sorted(Path(corpora).glob(glob))
        if not found:
            raise CommandError(f"No files match {glob} under {corpora}; pass --corpora PATH.")
        files = found[:count]
        embeddings.encode(["warm up the model"])  # load time is not throughput
        from matching import skills

        skills.extract_skills("warm up the taxonomy")
        totals: dict[str, float] = defaultdict(float)
        company = Company.objects.create(name=f"bench-ingest-{time.time_ns()}")
        try:
            with ExitStack() as stack, override_settings(CELERY_TASK_ALWAYS_EAGER=True):
                stack.enter_context(timed("resumes.extraction.extract_text", totals, "extract"))
                stack.enter_context(timed("resumes.parsing.parse_resume", totals, "parse"))
                stack.enter_context(timed("matching.skills.extract_skills", totals, "skills"))
                stack.enter_context(timed("matching.embeddings.embed_document", totals, "embed"))
                fresh_cache = embeddings.InMemoryEmbeddingCache()
                stack.enter_context(mock.patch("matching.services.embedding_cache", lambda: fresh_cache))
                uploads = [SimpleUploadedFile(path.name, path.read_bytes()) for path in files]
                per_request = settings.SHORTLIST_MAX_FILES_PER_REQUEST
                stored = []
                started = time.perf_counter()
                for start in range(0, len(uploads), per_request):
                    batch = services.resume_upload(
                        company=company, user=SYSTEM, files=uploads[start : start + per_request]
                    )
                    stored += [result.resume for result in batch.accepted if result.resume is not None]
                elapsed = time.perf_counter() - started
            processed = sum(1 for resume in stored if resume.status == "processed")
            pages = sum((resume.page_count or 0) for resume in stored)
        finally:
            from resumes.models import Resume

            for resume in Resume.objects.filter(company=company):
                services.resume_delete(resume=resume, user=SYSTEM)
            company.delete()
        other = max(0.0, elapsed - sum(totals.values()))
        self.stdout.write(
            f"{len(files)} resumes ({pages} pages), {processed} processed in {elapsed:.1f} s: "
            f"{len(files) / elapsed:.2f} resumes/s, backend {embeddings.configured_backend()}"
        )
        self.stdout.write(f"{'step':<10} {'seconds':>8} {'share':>7} {'ms/resume':>10}")
        for label in ("extract", "parse", "skills", "embed"):
            self._row(label, totals[label], elapsed, len(files))
        self._row("store+db", other, elapsed, len(files))
        non_embedding = elapsed - totals["embed"]
        self.stdout.write(
            f"steps other than embedding: {non_embedding:.1f} s = {non_embedding / max(totals['embed'], 1e-9):.2f}x the embedding time"
        )

    def _row(self, label: str, seconds: float, elapsed: float, count: int) -> None:
        self.stdout.write(
            f"{label:<10} {seconds:>8.2f} {100 * seconds / elapsed:>6.1f}% {1000 * seconds / count:>10.1f}"
        )
