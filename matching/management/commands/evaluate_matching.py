import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from matching import evaluation, scoring


class Command(BaseCommand):
    help = "Ranking quality (nDCG@10, MAP) of Shortlist's score against BM25 and whole-document cosine."

    def add_arguments(self, parser):
        parser.add_argument("--corpora", default=str(Path(settings.BASE_DIR).parent / "shared" / "corpora"))
        parser.add_argument("--split", choices=["report", "tune"], default="report")
        parser.add_argument("--max-jobs", type=int, default=None)

    def handle(self, *args, corpora, split, max_jobs, **options):
        corpora = Path(corpora)
        if not (corpora / "labeled").is_dir():
            raise CommandError(f"No labelled corpora at {corpora}; pass --corpora PATH.")
        started = time.perf_counter()

        def progress(done, total):
            sys.stderr.write(f"\r  scored {done}/{total} jobs")
            sys.stderr.flush()

        report = evaluation.evaluate(corpora, split=split, max_jobs=max_jobs, progress=progress)
        sys.stderr.write("\n")
        self.stdout.write(f"{report.jobs} jobs x {report.resumes} resumes ({split} split), {time.perf_counter() - started:.0f} s")
        self.stdout.write(f"{'method':<32} {'nDCG@10':>8} {'MAP':>8}")
        for name, row in report.rows.items():
            self.stdout.write(f"{name:<32} {row['ndcg@10']:>8.3f} {row['map']:>8.3f}")
        anchors = report.calibration
        self.stdout.write(
            f"cosine anchors on this split: unrelated median {anchors['unrelated_median']:.3f}, "
            f"related p95 {anchors['related_p95']:.3f}; in use: "
            f"{scoring.COSINE_UNRELATED_MEDIAN:.2f} / {scoring.COSINE_RELATED_P95:.2f}"
        )
