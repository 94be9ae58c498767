"""Who may do what: the one permission vocabulary.

Every role rule of Shortlist is a row of ACTIONS. Portal views (`require`),
services (`require`), the API (`RolePermission`), templates (the `can` context
variable) and the Django admin (`CompanyScopedAdmin`) all read this table, so a
rule is changed here and nowhere else.

`can(user, action)` fails closed: no user, an anonymous or inactive user, a
user without a company or with an unknown role may do nothing. Background work
that acts for nobody in particular (tasks, retention, commands) passes the
explicit `SYSTEM` actor instead of a user; there is no `user=None` bypass.

Candidate data leaving Shortlist — the ranked list as CSV/XLSX (with emails),
the JSON export of a candidate and the original uploaded files — is one action,
`export_candidates`, for administrators and recruiters. Hiring managers read
candidates in the portal and the API but take no copies: they are the widest
and least controlled audience, and what they need to decide is on the page.

Scorecards (interviews.InterviewFeedback) are read blind: a hiring manager sees
other interviewers' scorecards of a candidate for a job — on the interview page,
in the candidate page's summary, the timeline and the API — only once they have
submitted their own for that candidate and job, so a first opinion is never
anchored by the others. Company administrators and recruiters
(`read_all_scorecards`) see them all: they run the process and decide. Recruiters
own every job of their company (there is no per-job recruiter assignment), so
"the job's recruiters" are all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Administrator"
    RECRUITER = "recruiter", "Recruiter"
    HIRING_MANAGER = "hiring_manager", "Hiring manager"


_ALL = frozenset(Role.values)
_STAFF = frozenset({Role.ADMIN, Role.RECRUITER})
_ADMIN = frozenset({Role.ADMIN})

# action -> (roles allowed, what it covers). The description is for readers and
# for the denial message; the roles are the rule.
ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "read": (_ALL, "read jobs, candidates, matches, notes, interviews and analytics"),
    "manage_jobs": (_STAFF, "create, edit, close and reopen jobs"),
    "delete_jobs": (_ADMIN, "delete jobs"),
    "manage_candidates": (_STAFF, "upload, retry, match, add and delete candidates"),
    "merge_candidates": (_STAFF, "merge two records of one candidate into one"),
    "change_status": (_STAFF, "change a candidate's status or stage for a job, one or many at once"),
    "manage_stages": (_ADMIN, "rename, reorder, add and delete the company's and jobs' pipeline stages"),
    "write_notes": (_ALL, "write notes on candidates"),
    "moderate_notes": (_ADMIN, "edit and delete other people's notes"),
    "schedule_interviews": (_STAFF, "schedule, edit, reschedule, complete and cancel interviews"),
    "delete_interviews": (_ADMIN, "delete interviews"),
    "give_feedback": (_ALL, "record feedback on interviews they took part in"),
    "feedback_for_anyone": (_ADMIN, "record feedback on interviews they did not take part in"),
    "edit_competencies": (_STAFF, "edit the competencies a job's scorecards assess"),
    "read_all_scorecards": (
        _STAFF,
        "read every scorecard of a candidate without having submitted one of their own",
    ),
    "share_candidates": (_STAFF, "create and revoke shared candidate links"),
    "export_candidates": (_STAFF, "export candidates' data and download original files"),
    "manage_team": (_ADMIN, "invite, deactivate and reactivate team members"),
    "admin_site": (_ADMIN, "use the Django admin for their company"),
    "manage_integrations": (_ADMIN, "create and revoke API keys, manage webhooks and read the audit log"),
    "manage_email_templates": (_STAFF, "create, edit and delete the company's candidate email templates"),
    "email_candidates": (_STAFF, "email candidates (templates, one-off messages, interview invitations)"),
    "monitor_adverse_impact": (_ADMIN, "see the adverse-impact monitor (self-identification totals per job)"),
}

# Actions that only read: a read-only API key may do these (for its administrator).
READ_ACTIONS = frozenset({"read", "read_all_scorecards"})


class _SystemActor:
    """Background work acting on its own (tasks, sweeps, retention, commands): never a request."""

    pk = None
    company_id = None
    is_authenticated = False

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _SystemActor()


def roles_for(action: str) -> frozenset[str]:
    try:
        return ACTIONS[action][0]
    except KeyError:
        # A misspelt action is a bug, never a silent "no".
        raise ValueError(f"Unknown action {action!r}; see companies.roles.ACTIONS") from None


def can(user, action: str) -> bool:
    """Whether `user` may do `action`. Fails closed for anyone who is not an active member of a company."""
    allowed = roles_for(action)
    if user is SYSTEM:
        return True
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    # The platform operator (created by createsuperuser) works across companies in the Django admin.
    if getattr(user, "is_superuser", False):
        return True
    if getattr(user, "company_id", None) is None:
        return False
    # A request signed with an API key (integrations) carries the key: it acts for the
    # administrator who made it, never beyond the key's own scope.
    api_key = getattr(user, "api_key", None)
    if api_key is not None and not api_key.permits(action=action):
        return False
    return getattr(user, "role", None) in allowed


def require(user, action: str, message: str = "") -> None:
    """Raise PermissionDenied (403 in views, the API and the admin) unless `can(user, action)`."""
    if not can(user, action):
        raise PermissionDenied(message or f"Your role does not allow you to {ACTIONS[action][1]}.")


def role_required(action: str, *, post: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A portal view for signed-in users whose role allows `action` (`post` for its POSTs, if different).

    The view keeps `role_actions`, which the tests read to prove every portal
    route names its rule.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            needed = post if post and request.method == "POST" else action
            require(request.user, needed)
            return view(request, *args, **kwargs)

        wrapper.role_actions = {"get": action, "post": post or action}
        return wrapper

    roles_for(action)
    if post:
        roles_for(post)
    return decorator


def allowed_actions(user) -> dict[str, bool]:
    """Every action with whether `user` may do it: templates read `can.<action>`."""
    return {action: can(user, action) for action in ACTIONS}


def context_processor(request) -> dict:
    user = getattr(request, "user", None)
    return {"can": allowed_actions(user)}


def person(actor):
    """The user to record as the author of a change: None for SYSTEM."""
    return None if actor is SYSTEM else actor
