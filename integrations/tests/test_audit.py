"""The audit log: an entry for every audited action, append-only (ORM and database),
read-only and searchable in the admin, in the data export, purged by its own retention."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from companies.roles import Role
from config.tests.routes import company_rows
from integrations import audit
from integrations.models import AuditEntry

pytestmark = pytest.mark.django_db


def _entries(action: Any, **filters: Any) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action, **filters))


def test_every_audited_action_leaves_an_entry(
    company: Any, admin_user: Any, recruiter: Any, admin_api: Any, recruiter_api: Any, client: Any
) -> None:
    rows = company_rows(company)
    resume, job = rows["resume"], rows["job"]

    # Sign-ins: the portal, the API, and failures.
    assert (
        Client().post("/accounts/login/", {"username": recruiter.email, "password": DEFAULT_PASSWORD}).status_code
        == 302
    )
    assert (
        recruiter_api.post(
            "/api/v1/auth/login", {"email": admin_user.email, "password": DEFAULT_PASSWORD}, format="json"
        ).status_code
        == 200
    )
    Client().post("/accounts/login/", {"username": recruiter.email, "password": "wrong-password"})
    # Role changes and deactivation, through the admin (a company admin changes a member).
    client.force_login(admin_user)
    member = UserFactory(company=company, role="recruiter", email="mia@acme.test", full_name="Mia Member")
    member.role = Role.HIRING_MANAGER
    member.save()
    admin_client = Client()
    admin_client.force_login(admin_user)
    admin_client.post(f"/accounts/team/members/{member.pk}/deactivate/")
    # Exports: the ranked list, the original file, a candidate's JSON.
    assert recruiter_api.get(f"/api/v1/jobs/{job.pk}/candidates/export?format=csv").status_code == 200
    assert recruiter_api.get(f"/api/v1/resumes/{resume.pk}/file").status_code == 200
    assert admin_api.get(f"/api/v1/resumes/{resume.pk}/export").status_code == 200
    # A shared link created and opened.
    created = recruiter_api.post("/api/v1/shared-links", {"resume_id": str(resume.pk)}, format="json")
    assert created.status_code == 201
    assert Client().get(f"/api/v1/shared/{created.json()['token']}/").status_code == 200
    # A stage (status) change.
    assert (
        recruiter_api.patch(
            f"/api/v1/jobs/{job.pk}/candidates/{resume.pk}", {"status": "shortlisted"}, format="json"
        ).status_code
        == 200
    )
    # Settings, changed in the admin.
    response = admin_client.post(
        f"/admin/companies/company/{company.pk}/change/", {"name": company.name, "retention_days": 90}
    )
    assert response.status_code == 302, response.content[:500]
    # An erasure.
    assert recruiter_api.delete(f"/api/v1/resumes/{resume.pk}").status_code == 204

    signed_in = _entries("auth.signed_in")
    assert {e.actor_id for e in signed_in} >= {recruiter.pk, admin_user.pk}
    failed = _entries("auth.sign_in_failed")
    assert failed and failed[0].actor_label == recruiter.email and failed[0].company_id == company.pk
    role = _entries("team.role_changed", target_id=str(member.pk))
    assert role and role[0].data == {"from": "recruiter", "to": "hiring_manager"}
    deactivated = _entries("team.deactivated", target_id=str(member.pk))
    assert deactivated and deactivated[0].actor_id == admin_user.pk
    exports = {e.data["what"]: e for e in _entries("candidates.exported")}
    assert set(exports) == {"ranked_list", "original_file", "candidate_json"}
    assert exports["ranked_list"].actor_id == recruiter.pk and exports["candidate_json"].actor_id == admin_user.pk
    link_created = _entries("shared_link.created", target_id=str(resume.pk))
    assert link_created and link_created[0].actor_id == recruiter.pk
    opened = _entries("shared_link.opened", target_id=str(resume.pk))
    assert opened and opened[0].actor_id is None and opened[0].ip_address is None
    status = _entries("candidate.status_changed", target_id=str(resume.pk))
    assert status and status[0].data["to"] == "shortlisted" and status[0].actor_id == recruiter.pk
    settings_changed = _entries("settings.changed", company=company)
    assert settings_changed and settings_changed[0].data["retention_days"] == {"from": 0, "to": 90}
    assert settings_changed[0].actor_id == admin_user.pk
    erased = _entries("candidate.erased", target_id=str(resume.pk))
    assert erased and erased[0].actor_id == recruiter.pk and erased[0].company_id == company.pk
    # Every entry is the company's: none leaks to no one or to another tenant.
    assert not AuditEntry.objects.exclude(company=company).exclude(action="auth.sign_in_failed").exists()


def test_the_log_is_append_only_in_the_orm_and_the_database(company: Any, admin_user: Any) -> None:
    entry = audit.record(action="test.thing", actor=admin_user)
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    for statement in (
        "UPDATE integrations_auditentry SET action = 'forged' WHERE id = %s",
        "DELETE FROM integrations_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.thing"


def test_the_purge_keeps_the_retention_period(company: Any, admin_user: Any, settings: Any) -> None:
    settings.AUDIT_RETENTION_DAYS = 30
    old = audit.record(action="test.old", actor=admin_user)
    # Ageing a row would be an UPDATE, which the log refuses: write one old instead.
    AuditEntry.objects.create(company=company, action="test.ancient", created_at=timezone.now() - timedelta(days=31))
    from integrations.tasks import purge_audit_log

    assert purge_audit_log.delay().get() == 1
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {old.action}
    settings.AUDIT_RETENTION_DAYS = 0
    AuditEntry.objects.create(company=company, action="test.ancient", created_at=timezone.now() - timedelta(days=3000))
    assert audit.audit_purge() == 0


def test_admins_search_their_own_companys_log_read_only(
    company: Any, admin_user: Any, outsider: Any, recruiter: Any
) -> None:
    audit.record(action="test.ours", actor=recruiter, target_label="Our Candidate")
    audit.record(action="test.theirs", actor=outsider, target_label="Their Candidate")
    client = Client()
    client.force_login(admin_user)
    page = client.get("/admin/integrations/auditentry/?q=Candidate").content.decode()
    assert "Our Candidate" in page and "Their Candidate" not in page
    entry = AuditEntry.objects.get(action="test.ours")
    assert client.post(f"/admin/integrations/auditentry/{entry.pk}/delete/").status_code in (403, 302)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert client.get("/admin/integrations/auditentry/add/").status_code == 403
    recruiter_client = Client()
    recruiter_client.force_login(recruiter)
    assert recruiter_client.get("/admin/integrations/auditentry/").status_code == 302


def test_a_candidates_export_includes_their_audit_entries(company: Any, admin_api: Any, recruiter_api: Any) -> None:
    rows = company_rows(company)
    resume = rows["resume"]
    recruiter_api.patch(f"/api/v1/jobs/{rows['job'].pk}/candidates/{resume.pk}", {"status": "rejected"}, format="json")
    export = admin_api.get(f"/api/v1/resumes/{resume.pk}/export").json()
    actions = [(e["action"], e["data"].get("to")) for e in export["audit"]]
    assert ("candidate.status_changed", "rejected") in actions and ("shared_link.created", None) in actions
    assert export["audit"][-1]["action"] == "candidate.status_changed"  # oldest first; the export itself comes after


def test_the_company_export_command_writes_the_whole_log(company: Any, admin_user: Any, outsider: Any) -> None:
    import json
    from io import StringIO

    from django.core.management import call_command

    audit.record(action="test.ours", actor=admin_user)
    audit.record(action="test.theirs", actor=outsider)
    out = StringIO()
    call_command("export_audit_log", str(company.pk), stdout=out)
    assert [row["action"] for row in json.loads(out.getvalue())] == ["test.ours"]
