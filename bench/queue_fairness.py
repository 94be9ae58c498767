"""Queue fairness: how long one company's single upload waits while another ingests 1,000 resumes.

    .venv/bin/python bench/queue_fairness.py                     # 1,000 resumes, a worker of 2 processes
    .venv/bin/python bench/queue_fairness.py --count 300 --concurrency 1

Real parts: a Celery worker (`celery -A config worker`, prefork, as `make worker`
runs it) on a private embedded Valkey, and the benchmark's own database on the
embedded PostgreSQL (`shortlist_bench_queues`, migrated on first use). The resumes
are the corpora's 166 distinct real resume texts (`labeled/updated-resume-dataset
.dedup.csv`, about 3 KB each), each copy made distinct by a reference line.

The same scenario runs twice, with a fresh worker each time:

1. one queue: every task in one FIFO queue, as Shortlist routed before (the baseline);
2. queues: Shortlist's routing (companies/queues.py): interactive first, bulk per company shard.

In each, company A uploads --count resumes in requests of 50 files (bulk, as the
portal sends them) while the worker is already ingesting; then company B uploads
one resume (interactive) and company C a batch of 20 (bulk, another shard than
A's). It prints how long B's resume and C's batch waited until processed and how
many of A's were processed by then. Nothing is timed against a limit: it reports.
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

DATABASE = "shortlist_bench_queues"
CORPUS = ROOT.parent / "shared" / "corpora" / "labeled" / "updated-resume-dataset.dedup.csv"
BATCH = 50


def resume_texts() -> list[str]:
    if not CORPUS.exists():
        sys.exit(f"The corpora are not there: {CORPUS}")
    with CORPUS.open(newline="", encoding="utf-8") as handle:
        return [row["Resume"] for row in csv.DictReader(handle) if row["Resume"].strip()]


def setup_django(*, redis_url: str, media_root: Path) -> None:
    """This process publishes like a web server would: to the private broker, never eagerly."""
    common.setup_django(
        DATABASE,
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "REDIS_URL": redis_url,
            "MEDIA_ROOT": str(media_root),
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "LOG_LEVEL": "WARNING",
        },
    )


class Worker:
    def __init__(self, *, redis_url: str, media_root: Path, logdir: Path, concurrency: int, queues: str | None):
        from config.embedded_broker import celery_broker_url

        self.log_path = logdir / f"worker-{time.monotonic_ns()}.log"
        env = {
            **os.environ,
            "REDIS_URL": redis_url,
            "CELERY_BROKER_URL": celery_broker_url(redis_url),
            "SHORTLIST_DATABASE_NAME": DATABASE,
            "MEDIA_ROOT": str(media_root),
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "LOG_FORMAT": "plain",
            "LOG_LEVEL": "INFO",
        }
        command = common.celery_worker_command(concurrency=concurrency, name=f"bench{time.monotonic_ns()}@%h")
        if queues:
            command += ["-Q", queues]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 120
        while " ready." not in self.log_path.read_text(errors="replace"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"the worker did not start:\n{self.log_path.read_text(errors='replace')[-3000:]}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)  # the queue is flushed after: nothing to finish
            self.process.wait(timeout=30)


def _files(texts: list[str], prefix: str, count: int, start: int = 0):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return [
        SimpleUploadedFile(
            f"{prefix}-{n}.txt",
            f"{texts[n % len(texts)]}\n\nReference {prefix}-{n}\n".encode(),
            content_type="text/plain",
        )
        for n in range(start, start + count)
    ]


def _processed(company) -> int:
    from resumes.models import Resume, ResumeStatus

    return Resume.objects.filter(company=company, status__in=[ResumeStatus.PROCESSED, ResumeStatus.FAILED]).count()


def run_phase(*, name: str, single_queue: bool, args, texts, companies, redis_url, media_root, logdir) -> dict:
    import redis

    from companies import queues
    from resumes import services
    from resumes.models import Resume

    (a, a_user), (b, b_user), (c, c_user), (w, w_user) = companies
    Resume.objects.filter(company__in=[a, b, c, w]).delete()
    redis.Redis.from_url(redis_url).flushdb()
    original = queues.ingest_queue
    if single_queue:
        # The old routing: everything in one FIFO queue (the worker below reads only it).
        queues.ingest_queue = lambda **kwargs: queues.INTERACTIVE
    worker = Worker(
        redis_url=redis_url,
        media_root=media_root,
        logdir=logdir,
        concurrency=args.concurrency,
        queues=queues.INTERACTIVE if single_queue else None,
    )
    try:
        # Warm up: every worker process loads the model and the skill matcher first.
        services.resume_upload(company=w, user=w_user, files=_files(texts, "warm", 2 * args.concurrency))
        _wait(lambda: _processed(w) == 2 * args.concurrency, "the warm-up")

        started = time.monotonic()
        for start in range(0, args.count, BATCH):
            services.resume_upload(
                company=a, user=a_user, files=_files(texts, "a", min(BATCH, args.count - start), start)
            )
        queued_at = time.monotonic()
        a_before = _processed(a)

        b_started = time.monotonic()
        services.resume_upload(company=b, user=b_user, files=_files(texts, "b", 1))
        c_started = time.monotonic()
        services.resume_upload(company=c, user=c_user, files=_files(texts, "c", args.other_batch))
        b_wait = c_wait = None
        a_at_b = a_at_c = None
        while b_wait is None or c_wait is None:
            now = time.monotonic()
            if b_wait is None and _processed(b) == 1:
                b_wait, a_at_b = now - b_started, _processed(a)
            if c_wait is None and _processed(c) == args.other_batch:
                c_wait, a_at_c = now - c_started, _processed(a)
            if now - started > args.timeout:
                sys.exit(f"{name}: gave up after {args.timeout:.0f} s")
            time.sleep(0.05)
        a_done = _processed(a)
        elapsed = time.monotonic() - started
    finally:
        worker.stop()
        queues.ingest_queue = original
    return {
        "name": name,
        "upload_seconds": queued_at - started,
        "a_before": a_before,
        "b_wait": b_wait,
        "a_at_b": a_at_b,
        "c_wait": c_wait,
        "a_at_c": a_at_c,
        "rate": a_done / elapsed if elapsed else 0.0,
    }


def _wait(predicate, what: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            sys.exit(f"timed out waiting for {what}")
        time.sleep(0.1)


def _companies():
    from accounts.models import User
    from companies.models import Company
    from companies.queues import bulk_queue

    result = []
    for name in ("Bench A (bulk)", "Bench B (single)", "Bench C (small bulk)", "Bench warm-up"):
        company, _ = Company.objects.get_or_create(name=name)
        email = f"recruiter@{name.split()[1].lower()}.bench.test"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, None, full_name=f"Recruiter {name}", role="recruiter", company=company
        )
        result.append((company, user))
    a, c = result[0][0], result[2][0]
    if bulk_queue(c.pk) == bulk_queue(a.pk):
        # Another company C: the fairness between bulk queues is measured across shards.
        Company.objects.filter(pk=c.pk).delete()
        while True:
            c = Company.objects.create(name=f"Bench C (small bulk) {time.monotonic_ns()}")
            if bulk_queue(c.pk) != bulk_queue(a.pk):
                break
            c.delete()
        Company.objects.filter(name__startswith="Bench C").exclude(pk=c.pk).delete()
        user = User.objects.create_user(
            f"recruiter-{c.pk}@c.bench.test", None, full_name="Recruiter C", role="recruiter", company=c
        )
        result[2] = (c, user)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000, help="company A's resumes (default 1000)")
    parser.add_argument("--other-batch", type=int, default=20, help="company C's bulk upload (default 20)")
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes (default 2, as make run)")
    parser.add_argument("--timeout", type=float, default=1800, help="give up a phase after this many seconds")
    args = parser.parse_args()

    from config import embedded_broker

    texts = resume_texts()
    with tempfile.TemporaryDirectory(prefix="sl-fair-") as tmp:
        tmp_path = Path(tmp)
        broker_dir = tmp_path / "broker"
        redis_url = embedded_broker.embedded_redis_url(broker_dir)
        try:
            setup_django(redis_url=redis_url, media_root=tmp_path / "media")
            companies = _companies()
            results = []
            for name, single in (("one queue (before)", True), ("queues (now)", False)):
                print(f"running: {name} ...", flush=True)
                results.append(
                    run_phase(
                        name=name,
                        single_queue=single,
                        args=args,
                        texts=texts,
                        companies=companies,
                        redis_url=redis_url,
                        media_root=tmp_path / "media",
                        logdir=tmp_path,
                    )
                )
        finally:
            embedded_broker.stop_embedded_broker(broker_dir)

    print()
    print(
        f"Company A uploads {args.count} resumes (requests of {BATCH}); then B uploads 1 and C {args.other_batch} "
        f"(another bulk shard); worker concurrency {args.concurrency}."
    )
    header = f"{'routing':<20} {'A queued in':>11} {'B waits':>9} {'A done by then':>15} {'C waits':>9} {'A done by then':>15} {'A rate':>10}"
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r['name']:<20} {r['upload_seconds']:>10.1f}s {r['b_wait']:>8.2f}s {r['a_at_b']:>10}/{args.count:<4} "
            f"{r['c_wait']:>8.2f}s {r['a_at_c']:>10}/{args.count:<4} {r['rate']:>7.1f}/s"
        )
    before, now = results
    if now["b_wait"]:
        print(f"\nB's single upload waited {before['b_wait'] / now['b_wait']:.0f}x less with the queues.")


if __name__ == "__main__":
    main()
