"""Measure extraction + parsing against labelled resumes.

python manage.py evaluate_parsing ../shared/corpora
python manage.py evaluate_parsing ../shared/corpora/resumes --failures
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from resumes.evaluation import FIELDS, corpora_path, evaluate_parsing


class Command(BaseCommand):
    help = "Field-level accuracy of resume parsing on folders with ground_truth.json or Dataturks JSON lines."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=None, help="folder to walk (default: the shared corpora)")
        parser.add_argument("--limit", type=int, default=None, help="read at most N rows of each JSON-lines file")
        parser.add_argument("--failures", action="store_true", help="list every wrong field")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the whole report as JSON")

    def handle(self, *args, path=None, limit=None, failures=False, as_json=False, **options):
        folder = path or corpora_path()
        try:
            report = evaluate_parsing(folder, dataturks_limit=limit)
        except FileNotFoundError as error:
            raise CommandError(str(error)) from error
        if as_json:
            self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False, default=str))
            return
        if not report["documents"]:
            raise CommandError(f"No labelled resumes found under {folder}.")

        sources = report["by_source"]
        width = max([len("overall"), *(len(source) for source in sources)])
        self.stdout.write(f"{'source':<{width}}  " + "  ".join(f"{field:>14}" for field in FIELDS))
        for source, fields in [*sources.items(), ("overall", report["fields"])]:
            cells = []
            for field in FIELDS:
                cell = fields.get(field)
                cells.append(
                    f"{cell['accuracy']:>5.2f} ({cell['correct']:>3}/{cell['total']:<3})" if cell else f"{'-':>14}"
                )
            line = f"{source:<{width}}  " + "  ".join(f"{cell:>14}" for cell in cells)
            self.stdout.write(self.style.MIGRATE_HEADING(line) if source == "overall" else line)
        self.stdout.write(f"\n{report['documents']} documents in {report['seconds']} s")
        for error in report["errors"]:
            self.stdout.write(self.style.WARNING(f"{error['source']}/{error['item']}: {error['error']}"))
        if failures:
            for failure in report["failures"]:
                self.stdout.write(
                    f"{failure['item']} {failure['field']}: expected {failure['expected']!r}, got {failure['got']!r}"
                )
