"""Print one candidate's data as JSON (a data subject's access request).

python manage.py export_candidate 6f1c...-uuid > candidate.json
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from resumes.models import Resume
from resumes.retention import candidate_export


class Command(BaseCommand):
    help = "Print a candidate's resume, matches, notes, interviews, feedback and shared links as JSON."

    def add_arguments(self, parser):
        parser.add_argument("resume_id")

    def handle(self, *args, resume_id, **options):
        try:
            resume = Resume.objects.get(pk=resume_id)
        except (Resume.DoesNotExist, ValidationError, ValueError) as error:
            raise CommandError(f"No resume with id {resume_id}.") from error
        self.stdout.write(json.dumps(candidate_export(resume=resume), cls=DjangoJSONEncoder, indent=2))
