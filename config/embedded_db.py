"""The embedded PostgreSQL 16 + pgvector used whenever DATABASE_URL is unset.

`pgserver` ships the server binaries in a wheel. We start it (or join the one
already running on the same data folder) and connect over its Unix socket.
cleanup_mode=None keeps it running after this process exits, so the web server,
workers and test runs share one server instead of stopping it under each other.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlparse


def embedded_database_settings(data_dir: Path) -> dict:
    # pgserver keeps its lock file in the runtime dir; without XDG_RUNTIME_DIR
    # platformdirs warns on every start.
    runtime = Path(os.environ.setdefault("XDG_RUNTIME_DIR", f"/tmp/runtime-{os.getuid()}"))
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    runtime.chmod(0o700)
    import pgserver

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(str(data_dir), cleanup_mode=None)
    uri = urlparse(server.get_uri())
    socket_dir = parse_qs(uri.query).get("host", [""])[0]
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": uri.username or "postgres",
        "PASSWORD": "",
        "HOST": socket_dir,
        "PORT": "",
        # As with DATABASE_URL: keep connections between requests (a new PostgreSQL
        # backend per request costs more than most of our queries).
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
