"""What every benchmark here shares: Django on a database of its own on the embedded PostgreSQL."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def setup_django(database: str, environment: dict[str, str]) -> None:
    """Set up Django with ``environment`` (no test settings, no named database), then
    create ``database`` on the same server if it is missing, switch to it and migrate."""
    os.environ.update(environment)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    for name in ("SHORTLIST_DATABASE_NAME", "CELERY_BROKER_URL", "SHORTLIST_TESTING"):
        os.environ.pop(name, None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    create_database(database)
    connection.settings_dict["NAME"] = database
    call_command("migrate", "--noinput", verbosity=0)


def create_database(database: str) -> None:
    """Create ``database`` on the server Django is set up for, unless it is there."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
        if cursor.fetchone() is None:
            print(f"creating database {database}")
            cursor.execute(f'CREATE DATABASE "{database}"')
    connection.close()


def celery_worker_command(*, concurrency: int, name: str) -> list[str]:
    """A `celery worker` as `make worker` runs it, named ``name``, without the chatter
    between workers (gossip, mingle, heartbeats) a benchmark does not measure."""
    celery = str(Path(sys.executable).with_name("celery"))
    return [
        *(celery, "-A", "config", "worker", "-l", "INFO", "--concurrency", str(concurrency), "-n", name),
        *("--without-gossip", "--without-mingle", "--without-heartbeat"),
    ]
