"""Delete candidates older than the retention period (files and everything attached).

    python manage.py purge_candidates --dry-run   # list what would go
    python manage.py purge_candidates

The period is the company's `retention_days` when set, else SHORTLIST_RETENTION_DAYS;
0 for both keeps candidates until someone deletes them. Beat runs it daily.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from resumes.retention import candidates_purge


class Command(BaseCommand):
    help = "Delete candidates uploaded longer ago than their company's retention period."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count what would be deleted, delete nothing")

    def handle(self, *args, dry_run=False, **options):
        report = candidates_purge(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        for company, count in sorted(report.by_company.items()):
            self.stdout.write(f"{company}: {count}")
        self.stdout.write(f"{verb} {report.total} candidate(s).")
