"""Real Celery workers, throwaway Redis servers and polling, for the worker tests.

Workers run as subprocesses against real Redis and the test database: they get
the test database's name through SHORTLIST_DATABASE_NAME, and this process's
media folder, so both sides see the same rows and files.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from config.embedded_broker import celery_broker_url

CELERY = str(Path(sys.executable).with_name("celery"))
# A database number of the machine's shared Redis that nothing else uses.
SHARED_REDIS_DB = int(os.environ.get("SHORTLIST_TEST_REDIS_DB", "13"))
SHARED_REDIS_URL = f"redis://127.0.0.1:6379/{SHARED_REDIS_DB}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2).flushdb()


def wait_for(predicate, *, timeout: float, interval: float = 0.25, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {message}")


def _reset_connections(app) -> None:
    # Close and forget every pooled broker connection (kombu keeps them per URL).
    from kombu import pools

    pools.reset()
    app._pool = None
    with contextlib.suppress(AttributeError, KeyError):
        app.__dict__["amqp"]._producer_pool = None


@contextlib.contextmanager
def publishing_to(url: str):
    """Make this (test) process publish tasks to a real broker instead of running them eagerly."""
    from config.celery_app import app

    saved = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    app.conf.update(broker_url=celery_broker_url(url), task_always_eager=False)
    _reset_connections(app)
    try:
        yield app
    finally:
        app.conf.update(saved)
        _reset_connections(app)


class RedisServer:
    """A private redis-server on a free port, which a test may stop and start again.

    Never the machine's shared Redis on 6379: other test runs use it.
    """

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is not installed (apt-get install redis-server)"
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: redis_answers(self.url), timeout=10, message="the private redis-server")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


class Worker:
    """`celery worker -P solo` in its own process group, logging JSON to a file."""

    counter = 0

    def __init__(self, *, broker_url: str, logdir: Path, app: str = "config", beat: bool = False, **env: str):
        Worker.counter += 1
        self.name = f"test{Worker.counter}"
        self.broker_url = broker_url
        self.app = app
        self.beat = beat
        self.log_path = logdir / f"{self.name}.log"
        self.logdir = logdir
        self.extra_env = env
        self.process: subprocess.Popen | None = None

    def environment(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "REDIS_URL": self.broker_url,
                "CELERY_BROKER_URL": celery_broker_url(self.broker_url),
                # The test session runs tasks eagerly; a worker never does.
                "CELERY_TASK_ALWAYS_EAGER": "0",
                "SHORTLIST_DATABASE_NAME": connection.settings_dict["NAME"],
                "MEDIA_ROOT": str(settings.MEDIA_ROOT),
                "LOG_FORMAT": "json",
                "LOG_LEVEL": "INFO",
                "PYTHONUNBUFFERED": "1",
                # A worker that hangs can be asked for every thread's stack (diagnosis()).
                "PYTHONFAULTHANDLER": "1",
            }
        )
        env.update(self.extra_env)
        return env

    def start(self) -> Worker:
        command = [
            CELERY,
            "-A",
            self.app,
            "worker",
            "-P",
            "solo",
            "-n",
            f"{self.name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "INFO",
        ]
        if self.beat:
            command += ["-B", "-s", str(self.logdir / f"{self.name}-beat-schedule")]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(lambda: self._ready(), timeout=60, message=f"worker {self.name} to be ready\n{self.log()[-3000:]}")
        return self

    def _ready(self) -> bool:
        assert self.process.poll() is None, f"worker {self.name} exited:\n{self.log()[-3000:]}"
        return f"{self.name}@" in self.log() and " ready." in self.log()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def diagnosis(self) -> str:
        """Why a worker may be stuck: the database sessions of the test database and
        (SIGABRT with faulthandler on) the stack of every thread, then the log's tail.

        Ends the worker: call it only when a test has already failed.
        """
        parts = [f"database sessions:\n{database_sessions()}"]
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGABRT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=15)
        parts.append(f"worker {self.name} log (tail):\n{self.log()[-8000:]}")
        return "\n".join(parts)

    def kill(self) -> None:
        """SIGKILL the whole process group: no warm shutdown, no acknowledgement, nothing cleaned up."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_for_worker(worker: Worker, predicate, *, timeout: float, message: str):
    """wait_for, and on a timeout the worker's diagnosis (sessions, stacks, log) in the error."""
    try:
        return wait_for(predicate, timeout=timeout, message=message)
    except AssertionError as error:
        raise AssertionError(f"{error}\n{worker.diagnosis()}") from None


def database_sessions() -> str:
    """Every other session on the test database: state, what it waits on, its query."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT a.pid, a.application_name, a.state, a.wait_event_type, a.wait_event,
                   now() - a.xact_start, left(a.query, 300),
                   (SELECT string_agg(l.locktype || ':' || l.mode, ', ') FROM pg_locks l
                     WHERE l.pid = a.pid AND NOT l.granted)
              FROM pg_stat_activity a
             WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
            """
        )
        rows = cursor.fetchall()
    return "\n".join(" | ".join(str(value) for value in row) for row in rows) or "(none)"


class DatabaseProxy:
    """A TCP port in front of the test database's Unix socket, which a test can cut.

    Workers reach the database through it (DATABASE_URL), so `outage()` looks to them
    like a restart of the server: every open connection drops and new ones are
    refused until `restore()`. The test process itself keeps its own connection.
    """

    def __init__(self):
        import threading

        host = connection.settings_dict["HOST"]
        self.target = os.path.join(host, f".s.PGSQL.{connection.settings_dict['PORT'] or 5432}")
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.down = threading.Event()
        self.open: list[socket.socket] = []
        self.lock = threading.Lock()
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"postgres://{connection.settings_dict['USER']}@127.0.0.1:{self.port}/{connection.settings_dict['NAME']}"

    def _accept(self) -> None:
        import threading

        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.down.is_set():
                client.close()
                continue
            server = socket.socket(socket.AF_UNIX)
            try:
                server.connect(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.open += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()

    def outage(self) -> None:
        self.down.set()
        with self.lock:
            for end in self.open:
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()
            self.open.clear()

    def restore(self) -> None:
        self.down.clear()

    def close(self) -> None:
        self.closed = True
        self.outage()
        self.listener.close()
