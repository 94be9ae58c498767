"""A company's audit log as JSON, oldest first (part of the company's data export,
beside `export_candidate` for each candidate)."""

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from companies.models import Company
from integrations.audit import audit_export


class Command(BaseCommand):
    help = "Print a company's audit log as JSON."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("company_id")

    def handle(self, *args: Any, company_id: str, **options: Any) -> None:
        company = Company.objects.filter(pk=company_id).first()
        if company is None:
            raise CommandError(f"No company {company_id}.")
        self.stdout.write(json.dumps(audit_export(company=company), cls=DjangoJSONEncoder, indent=2))
