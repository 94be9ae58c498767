from django import forms
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime

from accounts.models import User
from interviews.models import CompetencyRating, InterviewType, Recommendation
from interviews.services import MAX_DURATION, MIN_DURATION
from interviews.timezones import to_utc, zone_names
from messaging.models import TemplateKind
from messaging.selectors import template_list

# Service error keys (the API's names) -> the portal form's fields.
SERVICE_FIELDS = {
    "interviewer_ids": "interviewers",
    "job_id": "job",
    "scheduled_at": "start",
    "email_template_id": "email_template",
}


class LocalDateTimeField(forms.Field):
    """A wall-clock time with no zone of its own (`<input type=datetime-local>`);
    the form pairs it with the zone field."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    default_error_messages = {"invalid": "Enter a date and time."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        parsed = parse_datetime(str(value).strip().replace(" ", "T"))
        if parsed is None or parsed.tzinfo is not None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


def zone_choices():
    return [(name, name.replace("_", " ")) for name in zone_names()]


class WhenForm(forms.Form):
    start = LocalDateTimeField(label="Starts (local time)")
    timezone = forms.ChoiceField(label="Time zone", choices=zone_choices)
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)", min_value=MIN_DURATION, max_value=MAX_DURATION, initial=60
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("timezone"):
            try:
                cleaned["scheduled_at"] = to_utc(cleaned["start"], cleaned["timezone"])
            except ValidationError as error:
                self.add_error("start", error.messages)
        return cleaned

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for field, messages in error.message_dict.items():
            field = SERVICE_FIELDS.get(field, field)
            self.add_error(field if field in self.fields else None, messages)


class ScheduleForm(WhenForm):
    job = forms.ModelChoiceField(queryset=None, label="Job")
    interview_type = forms.ChoiceField(label="Type", choices=InterviewType.choices, initial=InterviewType.VIDEO)
    location = forms.CharField(label="Location", max_length=300, required=False)
    meeting_link = forms.URLField(label="Meeting link", max_length=500, required=False, assume_scheme="https")
    interviewers = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label="Interviewers"
    )
    notes = forms.CharField(
        label="Notes for the interviewers", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    email_candidate = forms.BooleanField(
        label="Email the candidate an invitation with the calendar file", required=False
    )
    email_template = forms.ModelChoiceField(
        queryset=None, required=False, empty_label=None, label="Invitation template"
    )

    field_order = [
        "job",
        "interview_type",
        "start",
        "timezone",
        "duration_minutes",
        "location",
        "meeting_link",
        "interviewers",
        "notes",
        "email_candidate",
        "email_template",
    ]

    def __init__(self, *args, jobs, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job"].queryset = jobs
        self.fields["interviewers"].queryset = User.objects.for_company(company).filter(is_active=True)
        self.fields["email_template"].queryset = template_list(company=company, kind=TemplateKind.INVITATION)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("email_candidate") and not cleaned.get("email_template"):
            self.add_error("email_template", "Choose the invitation to send (or create one under Email templates).")
        return cleaned

    def invitation_template(self):
        """The template to email, or None when the candidate is not to be emailed."""
        return self.cleaned_data.get("email_template") if self.cleaned_data.get("email_candidate") else None


class RescheduleForm(WhenForm):
    pass


class FeedbackForm(forms.Form):
    """A scorecard: one 1–4 rating per competency of the job (or not assessed), an
    overall recommendation and notes. Competency fields are named `competency_<id>`."""

    recommendation = forms.ChoiceField(
        label="Overall recommendation",
        choices=[("", "Choose…"), *[(r.value, r.label) for r in reversed(Recommendation)]],
    )
    comments = forms.CharField(
        label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000
    )

    def __init__(self, *args, competencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = list(competencies)
        choices = [("", "Not assessed"), *[(str(c.value), f"{c.value} – {c.label.lower()}") for c in CompetencyRating]]
        rated = {}
        for competency in self.competencies:
            rated[f"competency_{competency.pk}"] = forms.TypedChoiceField(
                label=competency.name, choices=choices, required=False, coerce=int, empty_value=None
            )
        # Competencies first, in the job's order: the recommendation sums them up.
        self.fields = {**rated, **self.fields}

    def competency_fields(self):
        return [self[f"competency_{competency.pk}"] for competency in self.competencies]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "recommendation": data["recommendation"],
            "comments": data["comments"],
            "ratings": {str(c.pk): data.get(f"competency_{c.pk}") for c in self.competencies},
        }


class CompetenciesForm(forms.Form):
    names = forms.CharField(
        label="Competencies, one per line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Interviewers rate each from strong no to strong yes. Removing one keeps it on past scorecards.",
    )

    def cleaned_names(self) -> list[str]:
        return [line for line in self.cleaned_data["names"].splitlines() if line.strip()]
