"""Check (or with --update rewrite) the golden snapshot of parse results over the shared corpora.

python manage.py snapshot_parsing            # print what moved; exit 1 when anything did
python manage.py snapshot_parsing --update   # rewrite resumes/tests/golden/parsing.jsonl
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resumes import snapshot
from resumes.evaluation import corpora_path


class Command(BaseCommand):
    help = "Compare parse results over the shared corpora with the committed golden snapshot."

    def add_arguments(self, parser):
        parser.add_argument("--corpora", default=None, help="the corpora folder (default: ../shared/corpora)")
        parser.add_argument("--update", action="store_true", help="rewrite the snapshot with today's results")

    def handle(self, *args, corpora=None, update=False, **options):
        folder = Path(corpora) if corpora else corpora_path()
        if not (folder / "resumes").is_dir():
            raise CommandError(f"No corpora at {folder}; pass --corpora PATH.")
        current = snapshot.collect(folder)
        old = snapshot.load() if snapshot.SNAPSHOT_PATH.exists() else {}
        changes = snapshot.diff(old, current)
        for line in changes:
            self.stdout.write(line)
        if update:
            snapshot.write(current)
            self.stdout.write(f"Wrote {len(current)} documents to {snapshot.SNAPSHOT_PATH} ({len(changes)} changes).")
        elif changes:
            raise CommandError(
                f"{len(changes)} parse result(s) differ from the snapshot; rerun with --update if intended."
            )
        else:
            self.stdout.write(f"{len(current)} documents match the snapshot.")
