"""The audit log listens to the lower apps' signals: they never import integrations.

Model signals carry no user; audit.record takes the signed-in user of the request
being served (AuditRequestMiddleware), and "system" outside any request.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from companies.models import Company
from companies.roles import SYSTEM
from integrations import audit
from integrations.models import WebhookEvent
from interviews.models import Interview, InterviewStatus
from pipeline.signals import stages_changed
from pipeline.status import status_of
from resumes.models import Resume
from resumes.signals import candidate_data_exported, resume_attached
from sharing.models import SharedLink, SharedLinkView

User = get_user_model()

_TEAM_FIELDS = ("role", "is_active")
_SETTINGS_FIELDS = ("name", "retention_days")


@receiver(user_logged_in, dispatch_uid="audit_signed_in")
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(action="auth.signed_in", actor=user, target=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def _sign_in_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    email = str(credentials.get("username") or credentials.get("email") or "").strip().lower()
    account = User.objects.filter(email=email).only("pk", "company_id", "email").first() if email else None
    # The failure belongs to the company whose account was tried (its admins see it);
    # an unknown address belongs to no company and is seen by superusers only.
    audit.record(
        action="auth.sign_in_failed",
        actor=SYSTEM,
        actor_label=email[:254],
        company=account.company if account is not None else None,
        target=account,
        data={"email": email},
        request=request,
    )


def _remember(instance: Any, fields: tuple[str, ...]) -> None:
    if instance._state.adding or instance.pk is None:
        instance._audit_before = None
        return
    instance._audit_before = type(instance)._default_manager.filter(pk=instance.pk).values(*fields).first()


def _changes(instance: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    before = getattr(instance, "_audit_before", None)
    if not before:
        return {}
    return {
        name: {"from": before[name], "to": getattr(instance, name)}
        for name in fields
        if before[name] != getattr(instance, name)
    }


@receiver(pre_save, sender=User, dispatch_uid="audit_user_before")
def _user_before(sender: Any, instance: Any, **kwargs: Any) -> None:
    _remember(instance, _TEAM_FIELDS)


@receiver(post_save, sender=User, dispatch_uid="audit_user_after")
def _user_after(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    changes = _changes(instance, _TEAM_FIELDS)
    if "role" in changes:
        audit.record(action="team.role_changed", target=instance, company=instance.company, data=changes["role"])
    if "is_active" in changes:
        action = "team.reactivated" if instance.is_active else "team.deactivated"
        audit.record(action=action, target=instance, company=instance.company)


@receiver(pre_save, sender=Company, dispatch_uid="audit_company_before")
def _company_before(sender: Any, instance: Any, **kwargs: Any) -> None:
    _remember(instance, _SETTINGS_FIELDS)


@receiver(post_save, sender=Company, dispatch_uid="audit_company_after")
def _company_after(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    changes = _changes(instance, _SETTINGS_FIELDS)
    if changes:
        audit.record(action="settings.changed", target=instance, company=instance, data=changes)


@receiver(post_save, sender=SharedLink, dispatch_uid="audit_link_created")
def _link_created(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created:
        audit.record(
            action="shared_link.created",
            actor=instance.created_by,
            target=instance.resume,
            data={
                "link_id": str(instance.pk),
                "expires_at": instance.expires_at.isoformat() if instance.expires_at else None,
            },
        )


@receiver(post_save, sender=SharedLinkView, dispatch_uid="audit_link_opened")
def _link_opened(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created:
        # Nothing about the visitor is kept (see SharedLinkView): no address, no name.
        link = instance.link
        audit.record(
            action="shared_link.opened",
            actor=SYSTEM,
            actor_label="shared link visitor",
            company=link.company,
            target=link.resume,
            data={"link_id": str(link.pk), "kind": instance.kind},
            keep_address=False,
        )


@receiver(post_delete, sender=Resume, dispatch_uid="audit_candidate_erased")
def _candidate_erased(sender: Any, instance: Any, **kwargs: Any) -> None:
    # The retention purge loads only a few fields of each resume: name it without
    # reading a deferred one, which would query a row that no longer exists.
    name = "" if "candidate_name" in instance.get_deferred_fields() else instance.candidate_name
    audit.record(action="candidate.erased", target=instance, target_label=name or str(instance.pk))


def _stage_change_data(change: Any) -> dict[str, Any]:
    # "from"/"to" keep the API's statuses integrators already read; the stages are beside them.
    return {
        "candidate_id": str(change.candidacy.resume_id),
        "job_id": str(change.candidacy.job_id),
        "from": status_of(change.from_stage.kind),
        "to": status_of(change.to_stage.kind),
        "from_stage": change.from_stage.name,
        "to_stage": change.to_stage.name,
        "to_stage_kind": change.to_stage.kind,
        "reason": change.reason,
    }


@receiver(stages_changed, dispatch_uid="audit_status_changed")
def _status_changed(sender: Any, changes: list[Any], **kwargs: Any) -> None:
    # A candidate's arrival (no from_stage) is not a change of stage. A bulk move's
    # entries are written in one statement.
    audit.record_many(
        [
            audit.entry(
                action="candidate.status_changed",
                actor=change.by or SYSTEM,
                company=Company(pk=change.company_id),
                target=change.candidacy.resume,
                data={key: value for key, value in _stage_change_data(change).items() if key != "candidate_id"},
            )
            for change in changes
            if change.from_stage_id is not None
        ]
    )


@receiver(candidate_data_exported, dispatch_uid="audit_exported")
def _exported(sender: Any, company_id: Any, what: str, target: Any, **kwargs: Any) -> None:
    data = {"what": what, **{key: value for key, value in kwargs.items() if key != "signal"}}
    audit.record(action="candidates.exported", target=target, company=Company(pk=company_id), data=data)


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_admin_changes")
def _admin_change(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    # Changes made in the Django admin, beyond those heard above: who changed which row.
    if created and instance.action_flag == CHANGE and instance.content_type.model_class() not in (User, Company):
        model = instance.content_type.model_class()
        row = model._default_manager.filter(pk=instance.object_id).first() if model else None
        if row is not None and getattr(row, "company_id", None):
            audit.record(
                action="admin.changed",
                actor=instance.user,
                target=row,
                data={"message": instance.get_change_message()},
            )


# --- Webhooks: the same signals, turned into events for the company's endpoints ----------


def _emit(company_id: Any, event: str, data: dict[str, Any]) -> None:
    from integrations.webhooks import webhook_emit

    webhook_emit(company_id=company_id, event=event, data=data)


@receiver(post_save, sender=Resume, dispatch_uid="webhook_candidate_created")
def _candidate_created(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created:
        _emit(
            instance.company_id,
            WebhookEvent.CANDIDATE_CREATED,
            {
                "candidate_id": str(instance.pk),
                "original_filename": instance.original_filename,
            },
        )


@receiver(post_delete, sender=Resume, dispatch_uid="webhook_candidate_erased")
def _candidate_gone(sender: Any, instance: Any, **kwargs: Any) -> None:
    _emit(instance.company_id, WebhookEvent.CANDIDATE_ERASED, {"candidate_id": str(instance.pk)})


@receiver(stages_changed, dispatch_uid="webhook_stage_changed")
def _stage_changed(sender: Any, changes: list[Any], **kwargs: Any) -> None:
    from integrations.webhooks import webhook_emit_many

    by_company: dict[Any, list[dict[str, Any]]] = {}
    for change in changes:
        if change.from_stage_id is not None:
            by_company.setdefault(change.company_id, []).append(_stage_change_data(change))
    for company_id, payloads in by_company.items():
        webhook_emit_many(company_id=company_id, event=WebhookEvent.STAGE_CHANGED, payloads=payloads)


@receiver(resume_attached, dispatch_uid="webhook_application_received")
def _application_received(sender: Any, resume_id: Any, job_id: Any, **kwargs: Any) -> None:
    resume = Resume.objects.filter(pk=resume_id).only("company_id").first()
    if resume is not None:
        _emit(
            resume.company_id,
            WebhookEvent.APPLICATION_RECEIVED,
            {"candidate_id": str(resume_id), "job_id": str(job_id)},
        )


@receiver(pre_save, sender=Interview, dispatch_uid="webhook_interview_before")
def _interview_before(sender: Any, instance: Any, **kwargs: Any) -> None:
    _remember(instance, ("status",))


@receiver(post_save, sender=Interview, dispatch_uid="webhook_interview_after")
def _interview_after(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    data = {
        "interview_id": str(instance.pk),
        "candidate_id": str(instance.resume_id),
        "job_id": str(instance.job_id),
        "scheduled_at": instance.scheduled_at.isoformat(),
        "status": instance.status,
    }
    if created and instance.status == InterviewStatus.SCHEDULED:
        _emit(instance.company_id, WebhookEvent.INTERVIEW_SCHEDULED, data)
    elif "status" in _changes(instance, ("status",)) and instance.status == InterviewStatus.COMPLETED:
        _emit(instance.company_id, WebhookEvent.INTERVIEW_COMPLETED, data)
