"""Every route Shortlist answers, found by walking Django's URL resolver, for the
tests that must cover each one (roles and tenancy): a new URL is covered the day
it is added, or those tests fail naming it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# What a DRF view answers besides its handlers; never a separate rule.
_IGNORED_METHODS = {"options", "head", "trace"}


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name, or the pattern when unnamed
    pattern: str  # the full regex, with named groups for the parameters
    callback: object

    @property
    def parameters(self) -> list[str]:
        return re.findall(r"\(\?P<(\w+)>", self.pattern)

    @property
    def is_api(self) -> bool:
        return hasattr(self.callback, "cls")

    @property
    def is_admin(self) -> bool:
        return self.pattern.startswith("^admin/") or self.pattern.startswith("admin/")

    def methods(self) -> list[str]:
        """HTTP methods the route's view handles: DRF views say so; portal views take GET and POST."""
        cls = getattr(self.callback, "cls", None)
        if cls is None:
            return ["get", "post"]
        actions = getattr(self.callback, "actions", None)
        allowed = set(cls.http_method_names) - _IGNORED_METHODS
        if actions:
            return sorted(m for m in actions if m in allowed)
        return sorted(m for m in allowed if hasattr(cls, m))

    def path(self, values: dict[str, str]) -> str:
        """The URL with each parameter replaced by values[parameter]."""
        missing = [p for p in self.parameters if p not in values]
        if missing:
            raise KeyError(f"{self.name}: no value for {', '.join(missing)}")
        text = self.pattern
        # Innermost groups first: a group's own pattern may contain parentheses.
        text = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", lambda m: values[m.group(1)], text)
        text = text.replace("\\Z", "").lstrip("^").rstrip("$")
        text = text.replace("/?", "/").replace("?", "")
        text = re.sub(r"\\(.)", r"\1", text)  # regex escapes (\. \-) are the characters themselves
        return "/" + text


def _as_regex(pattern) -> str:
    return pattern.regex.pattern


def _walk(resolvers, prefix: str, namespace: str):
    for entry in resolvers:
        regex = _as_regex(entry.pattern).lstrip("^")
        if regex.endswith("\\Z"):
            regex = regex[:-2]
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _walk(entry.url_patterns, prefix + regex, ns)
        elif isinstance(entry, URLPattern):
            full = prefix + regex
            name = f"{namespace}{entry.name}" if entry.name else full
            yield Route(name=name, pattern="^" + full, callback=entry.callback)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns, "", ""))


# --- One of each company-owned row, to fill route parameters ---------------------------

SHARED_TOKEN = "home-company-shared-token-for-route-tests"


def company_rows(company, *, people=()) -> dict:
    """A job, candidate, match, note, interview (completed), feedback-ready interviewers,
    shared link, invitation and team member of `company`."""
    import uuid
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from accounts.tests.factories import InvitationFactory, UserFactory
    from accounts.tokens import hash_token
    from careers.models import ScreeningQuestion
    from careers.tests.factories import CareersSiteFactory
    from integrations import audit
    from integrations.models import ApiKey, WebhookDelivery, WebhookEndpoint
    from interviews.models import ScorecardRating
    from interviews.tests.factories import CompetencyFactory, InterviewFactory, InterviewFeedbackFactory
    from matching.models import ResumeChunk
    from matching.tests.factories import MatchResultFactory
    from messaging.models import CandidateMessage, EmailTemplate
    from notes.tests.factories import CandidateNoteFactory
    from pipeline.models import Stage, StageChange
    from pipeline.services import candidacy_ensure, candidacy_move
    from sharing.tests.factories import SharedLinkFactory, SharedLinkViewFactory

    tag = company.pk.hex[:8]
    member = UserFactory(
        company=company, role="recruiter", full_name=f"Home Member {tag}", email=f"home.member.{tag}@example.test"
    )
    match = MatchResultFactory(
        job__company=company, job__title=f"Home job {tag}", resume__candidate_name=f"Home Candidate {tag}"
    )
    resume, job = match.resume, match.job
    resume.upload_batch = uuid.uuid4()  # as if it came in a bulk upload: its progress page has an id
    resume.file.save("cv.txt", ContentFile(b"Jane Smith\nPython developer\n"), save=True)
    interview = InterviewFactory(
        job=job, resume=resume, scheduled_at=timezone.now() - timedelta(hours=2), status="completed"
    )
    interview.interviewers.set([member, *people])
    link = SharedLinkFactory(
        resume=resume, created_by=member, token_hash=hash_token(f"{SHARED_TOKEN}-{tag}"), allow_download=True
    )
    return {
        "company": company,
        "job": job,
        "resume": resume,
        "match": match,
        "interview": interview,
        "note": CandidateNoteFactory(resume=resume, author=member),
        "link": link,
        "invitation": InvitationFactory(company=company),
        "member": member,
        "candidacy": (candidacy := candidacy_ensure(job=job, resume=resume, user=member)),
        # Moved once (to Screen, by the member): a real stage change, heard by the audit log and webhooks.
        "stage_change": (
            candidacy_move(
                user=member, candidacy=candidacy, stage=Stage.objects.get(company=company, job=None, kind="screen")
            )
            and StageChange.objects.get(candidacy=candidacy, from_stage__isnull=False)
        ),
        "stage": Stage.objects.create(company=company, name=f"Home stage {tag}", position=99),
        "chunk": ResumeChunk.objects.create(
            company=company,
            resume=resume,
            ordinal=0,
            text="Python",
            embedding=[1.0] + [0.0] * 383,
            embedding_model="test",
        ),
        "feedback": (feedback := InterviewFeedbackFactory(interview=interview, interviewer=member)),
        "competency": (competency := CompetencyFactory(job=job, name=f"Home competency {tag}")),
        "link_view": SharedLinkViewFactory(link=link),
        "scorecard_rating": ScorecardRating.objects.create(
            company=company, feedback=feedback, competency=competency, rating=3
        ),
        "extra_parameters": {"batch_id": str(resume.upload_batch)},
        "api_key": ApiKey.objects.create(
            company=company, name=f"Home key {tag}", prefix=f"home{tag}", key_hash="0" * 64, created_by=member
        ),
        "audit_entry": audit.record(action="test.home", actor=member, target=job),
        "webhook": (
            webhook := WebhookEndpoint.objects.create(
                company=company, url=f"https://hooks.example.test/{tag}", events=["candidate.created"], secret="0" * 64
            )
        ),
        "webhook_delivery": WebhookDelivery.objects.create(
            company=company, endpoint=webhook, event="candidate.created", body="{}"
        ),
        "careers_site": CareersSiteFactory(company=company, slug=f"careers-{tag}"),
        "screening_question": ScreeningQuestion.objects.create(company=company, job=job, text="Work permit?"),
        "email_template": (
            template := EmailTemplate.objects.create(
                company=company,
                kind="custom",
                name=f"Home template {tag}",
                subject="Hello {candidate_first_name}",
                body="Hi",
            )
        ),
        "candidate_message": CandidateMessage.objects.create(
            company=company,
            resume=resume,
            job=job,
            template=template,
            to="jane@example.test",
            subject="Hello Jane",
            body="Hi",
            sent_by=member,
            status="sent",
        ),
    }


# The Django admin's models: which row an `object_id` of /admin/<app>/<model>/ names.
ADMIN_ROWS = {
    "companies/company": "company",
    "accounts/user": "member",
    "accounts/invitation": "invitation",
    "jobs/jobdescription": "job",
    "resumes/resume": "resume",
    "matching/matchresult": "match",
    "pipeline/stage": "stage",
    "pipeline/candidacy": "candidacy",
    "pipeline/stagechange": "stage_change",
    "matching/resumechunk": "chunk",
    "interviews/interview": "interview",
    "interviews/interviewfeedback": "feedback",
    "interviews/competency": "competency",
    "interviews/scorecardrating": "scorecard_rating",
    "notes/candidatenote": "note",
    "sharing/sharedlink": "link",
    "sharing/sharedlinkview": "link_view",
    "integrations/apikey": "api_key",
    "integrations/auditentry": "audit_entry",
    "integrations/webhookendpoint": "webhook",
    "integrations/webhookdelivery": "webhook_delivery",
    "careers/careerssite": "careers_site",
    "careers/screeningquestion": "screening_question",
    "messaging/emailtemplate": "email_template",
    "messaging/candidatemessage": "candidate_message",
}
# Admin models that hold no company's rows: only superusers see them.
ADMIN_GLOBAL_MODELS = {"auth/group", "matching/embeddingcacheentry", "accounts/signinfailure"}


def admin_model(route: Route) -> str | None:
    found = re.match(r"\^admin/(\w+)/(\w+)/", route.pattern)
    return f"{found.group(1)}/{found.group(2)}" if found else None


# Which row a route's `pk` names, by the longest matching prefix of the route's name.
PK_OWNERS = {
    "jobs:": "job",
    "resumes:": "resume",
    "notes:": "note",
    "interviews:": "interview",
    "sharing:": "link",
    "pipeline:candidacy_": "candidacy",
    "accounts:invitation_": "invitation",
    "accounts:user_": "member",
    "messaging:template_": "email_template",
    "api:job-": "job",
    "api:resume-": "resume",
    "api:note-": "note",
    "api:interview-": "interview",
    "api:shared-link-": "link",
    "api:api-key-": "api_key",
}
# Every other parameter name, wherever it appears.
PARAMETER_ROWS = {
    "job_id": "job",
    "resume_id": "resume",
    "match_id": "match",
    "question_id": "screening_question",
}


def parameter_values(route: Route, rows: dict) -> dict[str, str]:
    """The value of every parameter of `route`, taken from `rows`. A parameter this
    function cannot fill raises: whoever adds such a route says here what it names."""
    values = {}
    for parameter in route.parameters:
        if parameter == "pk":
            owners = [prefix for prefix in PK_OWNERS if route.name.startswith(prefix)]
            if not owners:
                raise LookupError(f"{route.name}: which row does `pk` name? Add it to PK_OWNERS in {__name__}.")
            values[parameter] = str(rows[PK_OWNERS[max(owners, key=len)]].pk)
        elif parameter in ("object_id", "id") and route.is_admin:
            if route.name == "admin:view_on_site":
                values[parameter] = str(rows["resume"].pk)
                continue
            model = admin_model(route)
            if model in ADMIN_GLOBAL_MODELS:
                values[parameter] = "1"
            elif model in ADMIN_ROWS:
                values[parameter] = str(rows[ADMIN_ROWS[model]].pk)
            else:
                raise LookupError(
                    f"{route.name}: which row does this admin's `{parameter}` name? Add it to ADMIN_ROWS."
                )
        elif parameter == "content_type_id":
            from django.contrib.contenttypes.models import ContentType

            from resumes.models import Resume

            values[parameter] = str(ContentType.objects.get_for_model(Resume).pk)
        elif parameter == "app_label":
            values[parameter] = "jobs"
        elif parameter == "url":  # the admin's catch-all: a path that names a row but no view
            values[parameter] = f"jobs/jobdescription/{rows['job'].pk}/nothing/"
        elif parameter in PARAMETER_ROWS:
            values[parameter] = str(rows[PARAMETER_ROWS[parameter]].pk)
        elif parameter in rows.get("extra_parameters", {}):
            values[parameter] = rows["extra_parameters"][parameter]
        else:
            raise LookupError(f"{route.name}: no value for `{parameter}`. Add it to PARAMETER_ROWS in {__name__}.")
    return values


def request_body(rows: dict) -> dict:
    """A complete, valid body for every write, naming the rows of `rows`."""
    return {
        "body": "A note",
        "subject": "Hello {candidate_first_name}",
        "title": "Platform engineer",
        "description": "Python",
        "resume_id": str(rows["resume"].pk),
        "job_id": str(rows["job"].pk),
        "job": str(rows["job"].pk),
        "interviewer_ids": [str(rows["member"].pk)],
        "interview_type": "video",
        "scheduled_at": "2030-01-07T09:00:00Z",
        "start": "2030-01-07T09:00",
        "timezone": "UTC",
        "duration_minutes": 30,
        "status": "shortlisted",
        "rating": 5,
        "recommendation": "strong_yes",
        "expires_in_days": 7,
        "query": "python",
        "email": "new.person@example.test",
        "role": "recruiter",
        "names": ["System design", "Python"],
    }
