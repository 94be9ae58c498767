from typing import Any

import pytest
from django.core.management import call_command

from accounts.models import Role, User
from companies.models import Company
from jobs.models import JobDescription


def _snapshot() -> tuple[list[Any], ...]:
    return (
        list(Company.objects.values().order_by("pk")),
        list(User.objects.values().order_by("pk")),
        list(JobDescription.objects.values().order_by("pk")),
    )


@pytest.mark.django_db
def test_demo_data_is_created_once_and_a_second_run_changes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_demo_data")
    first_output = capsys.readouterr().out
    company = Company.objects.get(name="Demo Recruiting")
    users = {user.email: user for user in User.objects.for_company(company)}
    assert users["admin@demo.shortlist.local"].role == Role.ADMIN
    assert users["admin@demo.shortlist.local"].is_staff
    assert users["recruiter@demo.shortlist.local"].check_password("Demo-Recruiter-2026!")
    assert users["admin@demo.shortlist.local"].check_password("Demo-Admin-2026!")
    assert users["manager@demo.shortlist.local"].role == Role.HIRING_MANAGER
    jobs = JobDescription.objects.for_company(company)
    assert jobs.count() == 4
    titles = " ".join(jobs.values_list("title", flat=True))
    for field in ("Python", "Nurse", "Financial", "Designer"):
        assert field in titles
    for job in jobs:
        assert len(job.description) > 400 and job.requirements and job.skills_required and job.skills_nice_to_have
    assert "admin@demo.shortlist.local" in first_output and "Demo-Admin-2026!" in first_output

    before = _snapshot()
    call_command("load_demo_data")
    second_output = capsys.readouterr().out
    assert _snapshot() == before
    assert "nothing changed" in second_output and "Demo-Recruiter-2026!" in second_output


@pytest.mark.django_db
def test_a_changed_demo_password_is_not_reset(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_demo_data")
    admin = User.objects.get(email="admin@demo.shortlist.local")
    admin.set_password("Someone-Changed-It-1")
    admin.save()
    call_command("load_demo_data")
    admin.refresh_from_db()
    assert admin.check_password("Someone-Changed-It-1")


def test_a_registered_company_with_the_demo_name_is_left_alone(db: None) -> None:
    from io import StringIO

    from django.core.management import call_command

    stranger = Company.objects.create(name="Demo Recruiting")
    call_command("load_demo_data", stdout=StringIO())
    call_command("load_demo_data", stdout=StringIO())
    assert Company.objects.filter(name="Demo Recruiting").count() == 2
    assert not stranger.users.exists()
