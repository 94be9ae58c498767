from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from companies.models import Company
from resumes.models import Resume
from resumes.tests.factories import SAMPLE_TEXT


@pytest.mark.django_db(transaction=True)  # autocommit, as the command runs: uploads are ingested on commit
def test_the_benchmark_ingests_its_files_end_to_end_and_leaves_nothing(tmp_path: Path) -> None:
    for n in range(2):
        (tmp_path / f"resume-{n}.txt").write_text(SAMPLE_TEXT.replace("Jane Smith", f"Jane Smith{n}"))
    companies = Company.objects.count()
    out = StringIO()
    call_command("bench_ingest", count=2, corpora=str(tmp_path), glob="*.txt", stdout=out)
    report = out.getvalue()
    assert "2 resumes" in report and "2 processed" in report, report
    for step in ("extract", "parse", "skills", "embed", "store+db"):
        assert f"\n{step} " in report, report
    assert Company.objects.count() == companies and not Resume.objects.exists()
