"""Load benchmark: the ranked-candidates API and the portal's job page under gunicorn.

    .venv/bin/python bench/load.py                      # 10,000 candidates, 50 clients, 60 s per target
    .venv/bin/python bench/load.py --duration 20 --targets api

It seeds one company with a job and 10,000 synthetic candidates (match results
with random scores) into its own database on the same PostgreSQL server
(`shortlist_bench`, reused by later runs), starts gunicorn on 127.0.0.1 with
production settings (DEBUG=0), and runs 50 concurrent clients (each signed in
as its own recruiter) for the given time against each target in turn:

- api:    GET /api/v1/jobs/{id}/candidates (random page of the first ten)
- portal: GET /jobs/{id}/ and then its candidates panel, as htmx loads it

Each client paces itself (--rate, default 3.2 requests per second: 160/s offered
by 50 clients); --rate 0 makes every client ask again as soon as it is answered,
which measures the saturation throughput (and latency is then just the queue:
50 clients / throughput).

It prints requests per second, median, p95 and p99 latency and errors, stops
gunicorn, and exits non-zero if any request failed. It only ever talks to
127.0.0.1, and every loop ends by time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402 - the repository is on the path only now

DATABASE = "shortlist_bench"
# Tokens and sessions are signed with it: the seeding process and gunicorn share it.
SECRET_KEY = secrets.token_urlsafe(50)
HOST = "127.0.0.1"
COMPANY = "Bench Co"
SKILLS = [
    "Python",
    "Django",
    "PostgreSQL",
    "Redis",
    "Docker",
    "Kubernetes",
    "AWS",
    "Go",
    "React",
    "TypeScript",
    "Celery",
    "REST APIs",
    "GraphQL",
    "Terraform",
    "Linux",
    "CI/CD",
    "Kafka",
    "Elasticsearch",
    "Java",
    "SQL",
]


def _env(database: str, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "REDIS_URL"}}
    env.update(
        {"DJANGO_SETTINGS_MODULE": "config.settings", "SHORTLIST_DATABASE_NAME": database, "SECRET_KEY": SECRET_KEY},
        **extra,
    )
    return env


def ensure_database(database: str) -> None:
    """Create the benchmark's database on the configured server (first run) and migrate it."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.pop("SHORTLIST_DATABASE_NAME", None)
    django.setup()
    common.create_database(database)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=_env(database), check=True
    )


SEED_SCRIPT = r"""
import json, random, sys, hashlib
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from rest_framework_simplejwt.tokens import AccessToken
from accounts.models import User
from companies.models import Company
from jobs.models import JobDescription
from matching.models import MatchResult
from resumes.models import Resume

candidates, clients, skills = int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
company, _ = Company.objects.get_or_create(name="Bench Co")
job = JobDescription.objects.filter(company=company, title="Senior Python Engineer").first()
if job is None or MatchResult.objects.filter(job=job).count() != candidates:
    with transaction.atomic():
        Resume.objects.filter(company=company).delete()
        JobDescription.objects.filter(company=company).delete()
        job = JobDescription.objects.create(
            company=company, title="Senior Python Engineer", hiring_company="Bench Co",
            description="Build Django REST APIs on PostgreSQL, run them on Kubernetes.",
            skills_required=skills[:6], skills_nice_to_have=skills[6:9], embedding_status="ready",
        )
        rng = random.Random(7)
        resumes = []
        for n in range(candidates):
            have = rng.sample(skills, rng.randint(3, 12))
            resumes.append(Resume(
                company=company, original_filename=f"candidate-{n}.pdf", file=f"resumes/bench/{n}.pdf",
                file_kind="pdf", file_size=50_000, sha256=hashlib.sha256(f"bench-{n}".encode()).hexdigest(),
                status="processed", candidate_name=f"Candidate {n:05d}", email=f"candidate{n}@bench.test",
                content="Experienced engineer. " * 200, skill_names=have,
                extracted_skills=[{"name": s, "category": "technical", "start": 0, "end": 1, "line": s, "count": 1} for s in have],
                years_experience=rng.randint(0, 20),
            ))
        Resume.objects.bulk_create(resumes, batch_size=1000)
        statuses = ["pending"] * 70 + ["shortlisted"] * 10 + ["maybe"] * 10 + ["rejected"] * 10
        matches = []
        for resume in resumes:
            required = skills[:6]
            matched = [s for s in required if s in resume.skill_names]
            missing = [s for s in required if s not in resume.skill_names]
            score = round(rng.uniform(5, 98), 2)
            matches.append(MatchResult(
                company=company, job=job, resume=resume, source="uploaded", match_score=score,
                similarity_score=round(rng.uniform(20, 95), 2), skills_score=round(100 * len(matched) / 6, 2),
                experience_score=round(rng.uniform(0, 100), 2), confidence_score=round(rng.uniform(50, 100), 2),
                explanation=f"{resume.candidate_name} matches {len(matched)} of 6 required skills; " + "good fit. " * 20,
                explanation_data={"parts": [{"name": "similarity", "value": score}], "matched_skills": matched},
                key_strengths=[f"Strong {s} experience" for s in matched[:3]],
                matched_skills=matched, missing_skills=missing, additional_skills=resume.skill_names[:5],
                gates=[], meets_all_gates=True, status=rng.choice(statuses),
            ))
        MatchResult.objects.bulk_create(matches, batch_size=1000)
        print(f"seeded {candidates} candidates", file=sys.stderr)
    # What autovacuum does to a table at rest: planner statistics and the visibility map.
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE matching_matchresult")
        cursor.execute("VACUUM ANALYZE resumes_resume")
users = []
for n in range(clients):
    user, created = User.objects.get_or_create(
        email=f"recruiter{n}@bench.test", defaults={"company": company, "role": "recruiter", "full_name": f"Recruiter {n}"}
    )
    if created:
        user.set_unusable_password()
        user.save()
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    users.append({"token": str(AccessToken.for_user(user)), "session": session.session_key})
print(json.dumps({"job": str(job.pk), "users": users}))
"""


def seed(database: str, candidates: int, clients: int) -> dict:
    import json

    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", SEED_SCRIPT, str(candidates), str(clients), json.dumps(SKILLS)],
        cwd=ROOT,
        env=_env(database, JWT_ACCESS_MINUTES="60"),
        check=True,
        capture_output=True,
        text=True,
    )
    sys.stderr.write(result.stderr)
    print(f"seed ready in {time.perf_counter() - started:.1f}s")
    return json.loads(result.stdout.strip().splitlines()[-1])


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(database: str, port: int, workers: int, threads: int, redis_url: str, log: Path) -> subprocess.Popen:
    env = _env(
        database,
        DEBUG="0",
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL=os.environ.get("BENCH_LOG_LEVEL", "INFO"),
        # Every client is its own user; the per-user rate stays on as in production.
        **({"REDIS_URL": redis_url} if redis_url else {}),
    )
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "config.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--keep-alive",
        "30",
        "--backlog",
        "2048",
        "--access-logfile",
        "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
    ]
    with log.open("wb") as handle:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


async def wait_ready(base: str, timeout: float = 60) -> None:
    import aiohttp

    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            try:
                async with session.get(f"{base}/api/v1/health?scope=web") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.3)
    raise RuntimeError("gunicorn did not become healthy")


class Recorder:
    def __init__(self):
        self.latencies: dict[str, list[float]] = {}
        self.errors: dict[str, list[str]] = {}

    def record(self, name: str, seconds: float, error: str | None) -> None:
        self.latencies.setdefault(name, []).append(seconds)
        if error:
            self.errors.setdefault(name, []).append(error)


async def run_target(
    base: str, target: str, job: str, users: list[dict], clients: int, duration: float, rate: float
) -> tuple[Recorder, float]:
    import aiohttp

    recorder = Recorder()
    connector = aiohttp.TCPConnector(limit=clients, keepalive_timeout=30)
    timeout = aiohttp.ClientTimeout(total=30)

    async def fetch(session, name, url, headers):
        started = time.perf_counter()
        error = None
        try:
            async with session.get(url, headers=headers, allow_redirects=False) as response:
                await response.read()
                if response.status != 200:
                    error = f"HTTP {response.status}"
        except (TimeoutError, aiohttp.ClientError) as exc:
            error = type(exc).__name__
        recorder.record(name, time.perf_counter() - started, error)

    async def client(index: int, session, deadline: float):
        rng = random.Random(index)
        user = users[index % len(users)]
        api_headers = {"Authorization": f"Bearer {user['token']}", "Accept": "application/json"}
        portal_headers = {"Cookie": f"sessionid={user['session']}"}
        panel_headers = {**portal_headers, "HX-Request": "true", "HX-Target": "candidates"}
        # Start spread over a second, so 50 clients do not fire in lockstep.
        await asyncio.sleep(rng.random())
        while time.monotonic() < deadline:
            started = time.monotonic()
            if target == "api":
                page = rng.randint(1, 10)
                await fetch(
                    session,
                    "api: /api/v1/jobs/{id}/candidates",
                    f"{base}/api/v1/jobs/{job}/candidates?page={page}",
                    api_headers,
                )
            else:
                await fetch(session, "portal: /jobs/{id}/", f"{base}/jobs/{job}/", portal_headers)
                await fetch(
                    session, "portal: candidates panel (htmx)", f"{base}/matching/jobs/{job}/candidates/", panel_headers
                )
            if rate > 0:
                await asyncio.sleep(max(0.0, 1 / rate - (time.monotonic() - started)))

    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        started = time.monotonic()
        deadline = started + duration
        await asyncio.gather(*(client(i, session, deadline) for i in range(clients)))
        elapsed = time.monotonic() - started
    return recorder, elapsed


def _tree_cpu_seconds(root_pid: int) -> float:
    """CPU seconds used so far by a process and its children (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if pid == root_pid or ppid == root_pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _machine_busy_seconds() -> float:
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / os.sysconf("SC_CLK_TCK")


def report(recorder: Recorder, elapsed: float) -> int:
    errors = 0
    for name, latencies in recorder.latencies.items():
        ordered = sorted(latencies)
        failed = recorder.errors.get(name, [])
        errors += len(failed)
        p = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
        print(
            f"  {name:<40} {len(ordered):>7} req  {len(ordered) / elapsed:7.1f} req/s  "
            f"median {statistics.median(ordered) * 1000:6.1f} ms  p95 {p(0.95):6.1f} ms  p99 {p(0.99):6.1f} ms  "
            f"max {ordered[-1] * 1000:6.1f} ms  errors {len(failed)}"
            + (f" ({', '.join(sorted(set(failed))[:3])})" if failed else "")
        )
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per target")
    parser.add_argument("--targets", default="api,portal", help="comma-separated: api, portal")
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1), help="gunicorn workers (default 2 x cores)"
    )
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument(
        "--rate",
        type=float,
        default=3.2,
        help="requests per second per client, like a user who reads between clicks (default 3.2: 50 clients offer 160/s); "
        "0 for a closed loop, each client asking again as soon as it has an answer (the saturation throughput)",
    )
    parser.add_argument(
        "--redis-url", default="redis://127.0.0.1:6379/14", help="cache for throttling; '' for local memory"
    )
    parser.add_argument("--database", default=DATABASE)
    args = parser.parse_args()
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    assert set(targets) <= {"api", "portal"}, targets

    ensure_database(args.database)
    seeded = seed(args.database, args.candidates, args.clients)
    port = free_port()
    log = ROOT / "var" / "bench-gunicorn.log"
    log.parent.mkdir(exist_ok=True)
    server = start_gunicorn(args.database, port, args.workers, args.threads, args.redis_url, log)
    base = f"http://{HOST}:{port}"
    errors = 0
    try:
        asyncio.run(wait_ready(base))
        print(
            f"gunicorn: {args.workers} workers x {args.threads} threads on {base}; {args.candidates} candidates; "
            f"{args.clients} clients; {args.duration:.0f}s per target"
            + (f"; {args.rate}/s per client" if args.rate else "; closed loop")
        )
        for target in targets:
            # A short warm-up: every worker connects and compiles its templates.
            asyncio.run(run_target(base, target, seeded["job"], seeded["users"], args.clients, 3, args.rate))
            gunicorn_before, busy_before = _tree_cpu_seconds(server.pid), _machine_busy_seconds()
            recorder, elapsed = asyncio.run(
                run_target(base, target, seeded["job"], seeded["users"], args.clients, args.duration, args.rate)
            )
            gunicorn_cpu = _tree_cpu_seconds(server.pid) - gunicorn_before
            busy = _machine_busy_seconds() - busy_before
            print(
                f"{target} ({elapsed:.0f}s; CPU: gunicorn {gunicorn_cpu / elapsed:.2f} cores, "
                f"whole machine {busy / elapsed:.2f} of {os.cpu_count()} cores):"
            )
            errors += report(recorder, elapsed)
    finally:
        stop(server)
    if errors:
        print(f"FAILED: {errors} request(s) failed; see {log}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
