"""Chaos benchmark: real resumes through real workers while the parts they rely on fail.

    .venv/bin/python bench/chaos.py                 # 300 resumes, 3 companies
    .venv/bin/python bench/chaos.py --count 90 --outage 10

It runs on its own embedded PostgreSQL (data in var/chaos, a fresh `shortlist_chaos`
database each run), so it never disturbs another server, and on a private
redis-server on a free port as broker (no persistence: a restart loses every
queued message, the harsh case). Two Celery worker processes (`-P solo`; the first
also runs beat with the production sweep settings) ingest and match.

The resumes are the corpora's LiveCareer PDFs and resume texts, spread over
several companies and two jobs each (some files are uploaded again for the
other job); they go through the upload service the portal and the API call. The
upload comes in three waves, and a quarter of the way into each a fault strikes:

1. a worker is killed with SIGKILL mid-task (and a new one started);
2. the database server is stopped and started again after --outage seconds;
3. the broker is stopped and started again after --outage seconds.

After each fault it waits for that wave to settle (every resume processed or
failed with a reason, with its vectors and its match rows) and prints the
recovery time, measured from the end of the fault. At the end it prints
uploaded, processed, failed with reason, stuck, missing vectors and match rows,
and duplicates, and exits non-zero unless nothing is stuck, missing or
duplicated. The goal: every resume settled within 2 minutes of the last fault.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA_DIR = ROOT / "var" / "chaos"
DATABASE = "shortlist_chaos"
CORPORA = ROOT.parent / "shared" / "corpora"
PDF_DIR = CORPORA / "labeled" / "livecareer-dev"
TEXTS = CORPORA / "labeled" / "updated-resume-dataset.dedup.csv"
GOAL_SECONDS = 120

JOBS = [
    (
        "Accountant",
        "Prepare financial statements, reconcile accounts, manage accounts payable and receivable.",
        ["Accounting", "Excel"],
    ),
    ("Teacher", "Plan lessons, teach classes, assess students and work with parents.", ["Teaching"]),
    (
        "Data Scientist",
        "Build machine learning models in Python; SQL, statistics and visualisation.",
        ["Python", "Machine Learning", "SQL"],
    ),
    ("Sales Manager", "Lead a sales team, manage key accounts and grow revenue.", ["Sales"]),
    (
        "Software Engineer",
        "Design and build web services in Java or Python; REST APIs, databases, testing.",
        ["Java", "Python"],
    ),
    ("HR Generalist", "Recruiting, onboarding, employee relations and payroll.", ["Recruiting"]),
]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- The dedicated database server ---------------------------------------------------


def pgdata() -> Path:
    return DATA_DIR / "pgdata"


def start_database():
    import pgserver

    pgdata().parent.mkdir(parents=True, exist_ok=True)
    return pgserver.get_server(str(pgdata()), cleanup_mode=None)


def stop_database(server) -> None:
    from pgserver._commands import POSTGRES_BIN_PATH

    subprocess.run(
        [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(pgdata()), "-w", "-m", "fast", "stop"],
        user=server.system_user,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def start_database_elsewhere() -> None:
    # pgserver remembers the servers it started in this process; a fresh one starts it again.
    code = f"import pgserver; pgserver.get_server({str(pgdata())!r}, cleanup_mode=None)"
    subprocess.run(
        [sys.executable, "-c", code], check=True, env={**os.environ, "XDG_RUNTIME_DIR": os.environ["XDG_RUNTIME_DIR"]}
    )


def fresh_database(server) -> None:
    server.psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE);')
    server.psql(f'CREATE DATABASE "{DATABASE}";')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=os.environ, check=True
    )


# --- The corpus ------------------------------------------------------------------------


def corpus(count: int) -> list[tuple[str, bytes]]:
    """Up to 40% LiveCareer PDFs, the rest resume texts, all distinct."""
    if not PDF_DIR.is_dir() or not TEXTS.is_file():
        sys.exit(f"the corpora are missing ({CORPORA})")
    files = [(path.name, path.read_bytes()) for path in sorted(PDF_DIR.rglob("*.pdf"))][: int(count * 0.4)]
    csv.field_size_limit(10**7)
    with TEXTS.open(newline="", encoding="utf-8", errors="replace") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            if len(files) >= count:
                break
            text = (row.get("Resume") or "").strip()
            if len(text) > 400:
                files.append(
                    (f"{row.get('Category', 'resume').strip().lower().replace(' ', '-')}-{number}.txt", text.encode())
                )
    return files[:count]


# --- Measuring -------------------------------------------------------------------------


def unsettled(ids) -> int:
    """Resumes of `ids` not yet settled: pending or processing, or processed without
    their vectors or a match row (matching.selectors.invariant_violations)."""
    from matching.selectors import invariant_violations
    from resumes.models import Resume, ResumeStatus

    waiting = Resume.objects.filter(pk__in=ids, status__in=[ResumeStatus.PENDING, ResumeStatus.PROCESSING]).count()
    broken = {v.resume_id for v in invariant_violations()} & set(ids)
    return waiting + len(broken)


def processed_count(ids) -> int:
    from resumes.models import Resume, ResumeStatus

    return Resume.objects.filter(pk__in=ids, status__in=[ResumeStatus.PROCESSED, ResumeStatus.FAILED]).count()


def wait_until(predicate, *, timeout: float, what: str) -> float | None:
    """Poll a condition (tolerating a database that is still coming back); the time it held, or None."""
    from django.db import DatabaseError, connections

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return time.monotonic()
        except DatabaseError:
            connections.close_all()
        time.sleep(0.5)
    log(f"gave up waiting for {what} after {timeout:.0f} s")
    return None


# --- The run -----------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=300, help="resumes to upload (default 300)")
    parser.add_argument("--companies", type=int, default=3)
    parser.add_argument("--outage", type=float, default=15.0, help="seconds the database and the broker stay down")
    parser.add_argument("--timeout", type=float, default=900.0, help="longest wait for a wave to settle")
    args = parser.parse_args()

    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SHORTLIST_DATA_DIR": str(DATA_DIR),
            "SHORTLIST_DATABASE_NAME": DATABASE,
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        }
    )
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "DATABASE_URL", "MEDIA_ROOT"):
        os.environ.pop(name, None)
    os.environ.setdefault("XDG_RUNTIME_DIR", f"/tmp/runtime-{os.getuid()}")
    shutil.rmtree(DATA_DIR / "media", ignore_errors=True)
    files = corpus(args.count)
    log(f"{len(files)} resumes from the corpora; preparing the chaos database in {DATA_DIR}")
    server = start_database()
    fresh_database(server)

    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connections

    from accounts.models import User
    from companies.models import Company
    from config.tests.worker_helpers import RedisServer, Worker, publishing_to
    from jobs.services import job_create
    from matching.models import MatchResult, ResumeChunk
    from matching.selectors import invariant_violations
    from resumes.models import Resume, ResumeStatus
    from resumes.services import resume_upload

    workdir = Path(tempfile.mkdtemp(prefix="chaos-"))
    broker = RedisServer(workdir)
    broker.start()
    workers: list[Worker] = []
    faults: list[dict] = []
    try:
        log("starting two workers (the first with beat)")
        workers.append(Worker(broker_url=broker.url, logdir=workdir, beat=True).start())
        workers.append(Worker(broker_url=broker.url, logdir=workdir).start())

        with publishing_to(broker.url):
            tenants = []
            for number in range(args.companies):
                company = Company.objects.create(name=f"Chaos {number + 1}")
                user = User.objects.create_user(
                    email=f"recruiter{number + 1}@chaos.test",
                    password="unused-Pass-2026",
                    company=company,
                    role="recruiter",
                )
                jobs = [
                    job_create(company=company, created_by=user, title=title, description=text, skills_required=skills)
                    for title, text, skills in (JOBS[(2 * number) % len(JOBS)], JOBS[(2 * number + 1) % len(JOBS)])
                ]
                tenants.append((company, user, jobs))

            def upload(batch) -> list:
                """Bulk uploads of up to ten files per company and job, as a recruiter sends them."""
                ids = []
                groups: dict[tuple[int, int], list] = {}
                for index, item in enumerate(batch):
                    groups.setdefault((index % len(tenants), (index // len(tenants)) % 2), []).append(item)
                for (tenant, job_index), items in groups.items():
                    company, user, jobs = tenants[tenant]
                    for start in range(0, len(items), 10):
                        chunk = items[start : start + 10]
                        result = resume_upload(
                            company=company,
                            user=user,
                            files=[SimpleUploadedFile(n, d) for n, d in chunk],
                            job=jobs[job_index],
                        )
                        ids += [item.resume.pk for item in result.accepted if item.resume is not None]
                        # One file of each upload again, for the company's other job.
                        name, data = chunk[0]
                        resume_upload(
                            company=company, user=user, files=[SimpleUploadedFile(name, data)], job=jobs[1 - job_index]
                        )
                return ids

            def kill_worker() -> None:
                victim = workers.pop()
                victim.kill()
                log(f"SIGKILLed worker {victim.name}; starting a new one")
                workers.append(Worker(broker_url=broker.url, logdir=workdir).start())

            def restart_database() -> None:
                connections.close_all()
                stop_database(server)
                log(f"database stopped for {args.outage:.0f} s")
                time.sleep(args.outage)  # the outage: its length is the fault
                start_database_elsewhere()
                connections.close_all()

            def restart_broker() -> None:
                broker.stop()
                log(f"broker stopped (its queued messages are lost) for {args.outage:.0f} s")
                time.sleep(args.outage)
                broker.start()

            def strike(wave: int, name: str, fault, ids: list) -> dict:
                """A quarter of the way into the wave, the fault; then wait for the wave to settle."""
                log(f"wave {wave}: uploaded {len(ids)}; fault when a quarter is done: {name}")
                wait_until(
                    lambda: processed_count(ids) >= len(ids) // 4, timeout=args.timeout, what="a quarter of the wave"
                )
                struck = time.monotonic()
                in_flight = list(
                    Resume.objects.filter(pk__in=ids, status=ResumeStatus.PROCESSING).values_list("pk", flat=True)
                )
                fault()
                ended = time.monotonic()
                connections.close_all()
                done_at_end = processed_count(ids)
                resumed = wait_until(
                    lambda: processed_count(ids) > done_at_end or done_at_end == len(ids),
                    timeout=args.timeout,
                    what="progress",
                )
                hit_settled = wait_until(
                    lambda: unsettled(in_flight) == 0, timeout=args.timeout, what="the work in flight"
                )
                settled = wait_until(lambda: unsettled(ids) == 0, timeout=args.timeout, what=f"wave {wave} to settle")
                log(
                    f"wave {wave} settled {'NEVER' if settled is None else f'{settled - ended:.0f} s'} after the fault ended"
                )
                return {
                    "fault": name,
                    "in_flight": len(in_flight),
                    "hit_settled": None if hit_settled is None else hit_settled - ended,
                    "lasted": ended - struck,
                    "progress": None if resumed is None else resumed - ended,
                    "settled": None if settled is None else settled - ended,
                }

            wave_size = -(-len(files) // 3)
            all_ids: list = []
            started = time.monotonic()
            for wave, (name, fault) in enumerate(
                [
                    ("worker SIGKILL", kill_worker),
                    ("database restart", restart_database),
                    ("broker restart", restart_broker),
                ]
            ):
                ids = upload(files[wave * wave_size : (wave + 1) * wave_size])
                all_ids += ids
                faults.append(strike(wave + 1, name, fault, ids))
            total = time.monotonic() - started
    finally:
        for worker in workers:
            worker.stop()
        broker.stop()

    connections.close_all()
    resumes = Resume.objects.filter(pk__in=all_ids)
    by_status = Counter(resumes.values_list("status", flat=True))
    reasons = Counter(resumes.filter(status=ResumeStatus.FAILED).values_list("error", flat=True))
    stuck = by_status[ResumeStatus.PENDING] + by_status[ResumeStatus.PROCESSING]
    violations = invariant_violations()
    missing_matches = sum(1 for v in violations if v.kind == "match")
    missing_vectors = sum(1 for v in violations if v.kind == "vectors")
    duplicates = {
        "resume rows for one file": sum(
            n - 1 for n in Counter(Resume.objects.values_list("company_id", "sha256")).values() if n > 1
        ),
        "match rows for one (job, resume)": sum(
            n - 1 for n in Counter(MatchResult.objects.values_list("job_id", "resume_id")).values() if n > 1
        ),
        "chunks for one (resume, ordinal)": sum(
            n - 1 for n in Counter(ResumeChunk.objects.values_list("resume_id", "ordinal")).values() if n > 1
        ),
    }
    attempts = Counter(resumes.values_list("attempts", flat=True))

    print()
    print(f"uploaded                 {len(all_ids)} resumes to {args.companies} companies in {total:.0f} s")
    print(f"processed                {by_status[ResumeStatus.PROCESSED]}")
    print(f"failed with a reason     {by_status[ResumeStatus.FAILED]}")
    for reason, n in reasons.most_common():
        print(f"    {n} x {reason[:110]}")
    print(f"stuck                    {stuck}")
    print(f"missing match rows       {missing_matches}")
    print(f"missing vectors          {missing_vectors}")
    print(
        f"duplicates               {sum(duplicates.values())}  ({', '.join(f'{k}: {v}' for k, v in duplicates.items())})"
    )
    print(f"claims per resume        {dict(sorted(attempts.items()))}")
    print()
    print("Times from the end of each fault. The wave's time includes working through its")
    print("backlog, which a fault only delays; the last one is the goal's figure.")
    print("| fault | lasted | resumes in flight | first progress after | those settled after | wave settled after |")
    print("| --- | --- | --- | --- | --- | --- |")

    def fmt(value) -> str:
        return "never" if value is None else f"{value:.0f} s"

    for row in faults:
        print(
            f"| {row['fault']} | {row['lasted']:.0f} s | {row['in_flight']} | {fmt(row['progress'])} "
            f"| {fmt(row['hit_settled'])} | {fmt(row['settled'])} |"
        )
    last = faults[-1]["settled"] if faults else None
    met = last is not None and last <= GOAL_SECONDS and all(f["settled"] is not None for f in faults)
    print()
    print(
        f"every resume settled {f'{last:.0f} s' if last is not None else 'NEVER'} after the last fault ended: "
        f"goal ({GOAL_SECONDS} s) {'met' if met else 'NOT met'}"
    )
    ok = stuck == 0 and missing_matches == 0 and missing_vectors == 0 and sum(duplicates.values()) == 0
    print("OK" if ok else "FAILED: something is stuck, missing or duplicated")
    shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
