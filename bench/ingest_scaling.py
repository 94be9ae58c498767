"""Ingestion throughput against worker processes, in one run.

    .venv/bin/python bench/ingest_scaling.py                      # 60 resumes; 1x1, 2x1, 1x2
    .venv/bin/python bench/ingest_scaling.py --count 120 --setups 1x1,2x1,2x2 --storage local

A setup `WxC` is W worker processes (`celery -A config worker`, as `make worker`
runs it on each host) of concurrency C each. Every setup ingests the same --count
resumes: the corpora's distinct real resume texts (`labeled/updated-resume-dataset
.dedup.csv`, about 3 KB each) uploaded as bulk requests of 50 files through
`resumes.services.resume_upload`, as the portal does, with a reference line making
each setup's copies distinct (no duplicate short-cut) and the embedding cache
flushed between setups (no chunk served from an earlier setup). Extraction,
parsing, skills, embeddings and the row writes all run in the workers.

Real parts, as on several machines: a private embedded Valkey as the broker, the
benchmark's own database on the embedded PostgreSQL (`shortlist_bench_scaling`,
migrated on first use) and, with `--storage s3` (the default), the files in a bucket
of an S3-compatible server on loopback (moto's, its own process): this process
stores each upload there as a web host would, and the workers read it back over
HTTP. Workers share nothing else with this process or each other.

The clock runs from the first upload request to the last resume processed; the
workers have loaded the model and the skill matcher before it starts (a warm-up
batch). It prints resumes/second per setup, the ratio to the first setup, and the
1-minute load average before and after each (the machine may be shared).
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402 - the repository is on the path only now

DATABASE = "shortlist_bench_scaling"
CORPUS = ROOT.parent / "shared" / "corpora" / "labeled" / "updated-resume-dataset.dedup.csv"
BATCH = 50


def resume_texts() -> list[str]:
    if not CORPUS.exists():
        sys.exit(f"The corpora are not there: {CORPUS}")
    with CORPUS.open(newline="", encoding="utf-8") as handle:
        return [row["Resume"] for row in csv.DictReader(handle) if row["Resume"].strip()]


def setup_django(environment: dict[str, str]) -> None:
    """This process uploads like a web host: to the private broker, never eagerly."""
    common.setup_django(DATABASE, environment)


class Worker:
    """One `celery worker` process (and its pool), as on its own host."""

    def __init__(self, *, environment: dict[str, str], logdir: Path, concurrency: int, name: str):
        self.log_path = logdir / f"{name}.log"
        env = {
            **os.environ,
            **environment,
            "SHORTLIST_DATABASE_NAME": DATABASE,
            "LOG_FORMAT": "plain",
            "LOG_LEVEL": "INFO",
        }
        command = common.celery_worker_command(concurrency=concurrency, name=f"{name}@%h")
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def ready(self) -> bool:
        if self.process.poll() is not None:
            sys.exit(f"a worker exited:\n{self.log_path.read_text(errors='replace')[-3000:]}")
        return " ready." in self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)


def _files(texts: list[str], tag: str, indexes: range):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return [
        SimpleUploadedFile(
            f"{tag}-{n}.txt", f"{texts[n % len(texts)]}\n\nReference {tag}-{n}\n".encode(), content_type="text/plain"
        )
        for n in indexes
    ]


def _settled(company) -> tuple[int, int]:
    from resumes.models import Resume, ResumeStatus

    rows = Resume.objects.filter(company=company)
    return (
        rows.filter(status=ResumeStatus.PROCESSED).count(),
        rows.filter(status=ResumeStatus.FAILED).count(),
    )


def _wait(predicate, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            sys.exit(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)


def run_setup(
    *, label: str, workers: int, concurrency: int, args, texts, company, user, environment, logdir, run_id
) -> dict:
    import redis

    from resumes import services
    from resumes.models import Resume

    Resume.objects.filter(company=company).delete()
    redis.Redis.from_url(environment["REDIS_URL"]).flushdb()  # the queues and the embedding cache
    processes = workers * concurrency
    load_before = os.getloadavg()[0]
    pool = [
        Worker(environment=environment, logdir=logdir, concurrency=concurrency, name=f"bench-{label}-{n}-{run_id}")
        for n in range(workers)
    ]
    try:
        _wait(lambda: all(worker.ready() for worker in pool), "the workers to start", timeout=180)
        # Warm-up texts come from the far end of the corpus: never the measured ones.
        warm = range(len(texts) - 2 * processes, len(texts))
        services.resume_upload(company=company, user=user, files=_files(texts, f"warm-{label}-{run_id}", warm))
        _wait(lambda: sum(_settled(company)) == len(warm), "the warm-up", timeout=600)
        Resume.objects.filter(company=company).delete()
        redis.Redis.from_url(environment["REDIS_URL"]).flushdb()

        started = time.monotonic()
        for start in range(0, args.count, BATCH):
            indexes = range(start, min(start + BATCH, args.count))
            services.resume_upload(company=company, user=user, files=_files(texts, f"{label}-{run_id}", indexes))
        uploaded = time.monotonic() - started
        _wait(lambda: sum(_settled(company)) == args.count, f"{args.count} resumes ({label})", timeout=args.timeout)
        elapsed = time.monotonic() - started
        processed, failed = _settled(company)
    finally:
        for worker in pool:
            worker.stop()
    return {
        "label": label,
        "workers": workers,
        "concurrency": concurrency,
        "uploaded": uploaded,
        "elapsed": elapsed,
        "rate": args.count / elapsed,
        "processed": processed,
        "failed": failed,
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--count",
        type=int,
        default=60,
        help="resumes per setup (default 60, at most the corpus's 166 less the warm-up)",
    )
    parser.add_argument(
        "--setups", default="1x1,2x1,1x2", help="WxC: W worker processes of concurrency C (default 1x1,2x1,1x2)"
    )
    parser.add_argument(
        "--storage",
        choices=["s3", "local"],
        default="s3",
        help="files in an S3 bucket on loopback (default) or a local folder",
    )
    parser.add_argument("--timeout", type=float, default=1800, help="give up a setup after this many seconds")
    args = parser.parse_args()
    setups = [tuple(int(part) for part in setup.lower().split("x")) for setup in args.setups.split(",")]

    from config import embedded_broker

    texts = resume_texts()
    if args.count + 2 * max(w * c for w, c in setups) > len(texts):
        sys.exit(f"--count too large: the corpus has {len(texts)} distinct resumes")
    run_id = time.strftime("%H%M%S")
    s3 = None
    with tempfile.TemporaryDirectory(prefix="sl-scaling-") as tmp:
        tmp_path = Path(tmp)
        broker_dir = tmp_path / "broker"
        redis_url = embedded_broker.embedded_redis_url(broker_dir)
        environment = {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "REDIS_URL": redis_url,
            "CELERY_BROKER_URL": embedded_broker.celery_broker_url(redis_url),
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "LOG_LEVEL": "WARNING",
            # Local storage: a folder; with S3 a folder nobody writes to.
            "MEDIA_ROOT": str(tmp_path / "media"),
        }
        try:
            if args.storage == "s3":
                from config.tests.s3_fixtures import S3Server

                s3 = S3Server(log_path=tmp_path / "s3.log").start()
                bucket = s3.create_bucket()
                environment.update(s3.environment(bucket))
            setup_django(environment)
            from accounts.models import User
            from companies.models import Company

            company, _ = Company.objects.get_or_create(name="Bench scaling")
            user = User.objects.filter(email="recruiter@scaling.bench.test").first() or User.objects.create_user(
                "recruiter@scaling.bench.test", None, full_name="Recruiter", role="recruiter", company=company
            )
            results = []
            for workers, concurrency in setups:
                label = f"{workers}x{concurrency}"
                print(f"running: {workers} worker(s) x concurrency {concurrency} ...", flush=True)
                results.append(
                    run_setup(
                        label=label,
                        workers=workers,
                        concurrency=concurrency,
                        args=args,
                        texts=texts,
                        company=company,
                        user=user,
                        environment=environment,
                        logdir=tmp_path,
                        run_id=run_id,
                    )
                )
            if s3 is not None:
                from resumes.models import Resume

                names = set(Resume.objects.filter(company=company).values_list("file", flat=True))
                missing = len(names - set(s3.keys(bucket)))
                Resume.objects.filter(company=company).delete()
        finally:
            if s3 is not None:
                s3.stop()
            embedded_broker.stop_embedded_broker(broker_dir)

    print()
    print(
        f"{args.count} resumes per setup (bulk requests of {BATCH}), files in "
        f"{'an S3 bucket on loopback (moto)' if args.storage == 's3' else 'a local folder'}; "
        f"{os.cpu_count()} CPUs."
    )
    header = f"{'setup':<7} {'processes':>9} {'uploaded in':>11} {'all done in':>11} {'resumes/s':>10} {'x 1st':>6} {'failed':>6} {'load 1m before/after':>21}"
    print(header)
    print("-" * len(header))
    base = results[0]["rate"]
    for r in results:
        print(
            f"{r['label']:<7} {r['workers'] * r['concurrency']:>9} {r['uploaded']:>10.1f}s {r['elapsed']:>10.1f}s "
            f"{r['rate']:>10.2f} {r['rate'] / base:>6.2f} {r['failed']:>6} {r['load_before']:>10.2f} / {r['load_after']:<8.2f}"
        )
    if s3 is not None:
        print(f"\nThe last setup's files missing from the bucket: {missing} of {args.count}.")


if __name__ == "__main__":
    main()
