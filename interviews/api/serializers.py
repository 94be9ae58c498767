from django.utils.dateparse import parse_datetime
from rest_framework import serializers

from interviews.models import (
    Competency,
    CompetencyRating,
    Interview,
    InterviewFeedback,
    InterviewStatus,
    InterviewType,
    Recommendation,
)
from interviews.services import MAX_DURATION, MIN_DURATION
from interviews.timezones import to_utc, zone_names


class PersonSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    full_name = serializers.CharField()
    email = serializers.EmailField()


class InterviewSerializer(serializers.ModelSerializer):
    resume_id = serializers.UUIDField(read_only=True)
    job_id = serializers.UUIDField(read_only=True)
    candidate_name = serializers.CharField(source="resume.display_name", read_only=True)
    job_title = serializers.CharField(source="job.title", read_only=True)
    local_start = serializers.SerializerMethodField(help_text="The start in the interview's own time zone (ISO 8601)")
    ends_at = serializers.DateTimeField(read_only=True)
    interviewers = PersonSerializer(many=True, read_only=True)
    rescheduled_to_id = serializers.UUIDField(read_only=True, allow_null=True)
    created_by = serializers.EmailField(source="created_by.email", read_only=True, default=None)

    class Meta:
        model = Interview
        fields = [
            "id",
            "resume_id",
            "job_id",
            "candidate_name",
            "job_title",
            "interview_type",
            "scheduled_at",
            "timezone",
            "local_start",
            "ends_at",
            "duration_minutes",
            "location",
            "meeting_link",
            "notes",
            "status",
            "interviewers",
            "rescheduled_to_id",
            "sequence",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_local_start(self, interview: Interview) -> str:
        return interview.local_start.isoformat()


class InterviewDetailSerializer(InterviewSerializer):
    warnings = serializers.SerializerMethodField(help_text="Overlapping interviews of the interviewers (not errors)")

    class Meta(InterviewSerializer.Meta):
        fields = InterviewSerializer.Meta.fields + ["warnings"]
        read_only_fields = fields

    def get_warnings(self, interview: Interview) -> list[str]:
        from interviews.selectors import interview_conflicts

        return [str(conflict) for conflict in interview_conflicts(interview=interview)]


class _WhenMixin:
    """`scheduled_at` with an offset is an instant; without one it is wall-clock
    time in `timezone` (so "2026-11-02T09:00" + America/New_York is 14:00 UTC)."""

    def _instant(self, attrs, default_zone: str):
        zone_name = attrs.get("timezone") or default_zone
        raw = self.initial_data.get("scheduled_at") if hasattr(self.initial_data, "get") else None
        parsed = parse_datetime(raw) if isinstance(raw, str) else None
        if parsed is not None and parsed.tzinfo is None:
            from django.core.exceptions import ValidationError as DjangoValidationError

            try:
                attrs["scheduled_at"] = to_utc(parsed, zone_name)
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.message_dict) from error
        return attrs


def validate_zone(value: str) -> str:
    if value not in zone_names():
        raise serializers.ValidationError(f"“{value}” is not an IANA time zone name like Europe/Berlin.")
    return value


class InterviewCreateSerializer(_WhenMixin, serializers.Serializer):
    resume_id = serializers.UUIDField()
    job_id = serializers.UUIDField()
    interview_type = serializers.ChoiceField(choices=InterviewType.choices)
    scheduled_at = serializers.DateTimeField(help_text="ISO 8601; without an offset it is local time in `timezone`")
    timezone = serializers.CharField(
        default="UTC", validators=[validate_zone], help_text="IANA zone, e.g. America/New_York"
    )
    duration_minutes = serializers.IntegerField(default=60, min_value=MIN_DURATION, max_value=MAX_DURATION)
    location = serializers.CharField(default="", allow_blank=True, max_length=300)
    meeting_link = serializers.URLField(default="", allow_blank=True, max_length=500)
    notes = serializers.CharField(default="", allow_blank=True)
    interviewer_ids = serializers.ListField(child=serializers.UUIDField(), default=list, max_length=50)
    email_candidate = serializers.BooleanField(
        default=False, help_text="Email the candidate an invitation with the .ics attached"
    )
    email_template_id = serializers.UUIDField(
        required=False, allow_null=True, help_text="The invitation template (default: the company's first)"
    )

    def validate(self, attrs):
        return self._instant(attrs, "UTC")


class InterviewUpdateSerializer(_WhenMixin, serializers.Serializer):
    interview_type = serializers.ChoiceField(choices=InterviewType.choices, required=False)
    scheduled_at = serializers.DateTimeField(required=False, help_text="Only with status “rescheduled”")
    timezone = serializers.CharField(required=False, validators=[validate_zone])
    duration_minutes = serializers.IntegerField(required=False, min_value=MIN_DURATION, max_value=MAX_DURATION)
    location = serializers.CharField(required=False, allow_blank=True, max_length=300)
    meeting_link = serializers.URLField(required=False, allow_blank=True, max_length=500)
    notes = serializers.CharField(required=False, allow_blank=True)
    interviewer_ids = serializers.ListField(child=serializers.UUIDField(), required=False, max_length=50)
    status = serializers.ChoiceField(choices=InterviewStatus.choices, required=False)

    def validate(self, attrs):
        return self._instant(attrs, self.context.get("timezone", "UTC"))


class RescheduleSerializer(_WhenMixin, serializers.Serializer):
    scheduled_at = serializers.DateTimeField(help_text="ISO 8601; without an offset it is local time in `timezone`")
    timezone = serializers.CharField(required=False, validators=[validate_zone])
    duration_minutes = serializers.IntegerField(required=False, min_value=MIN_DURATION, max_value=MAX_DURATION)

    def validate(self, attrs):
        return self._instant(attrs, self.context.get("timezone", "UTC"))


class CompetencySerializer(serializers.ModelSerializer):
    job_id = serializers.UUIDField(read_only=True)
    archived = serializers.SerializerMethodField()

    class Meta:
        model = Competency
        fields = ["id", "job_id", "name", "position", "archived"]
        read_only_fields = fields

    def get_archived(self, competency: Competency) -> bool:
        return competency.archived_at is not None


class CompetenciesUpdateSerializer(serializers.Serializer):
    names = serializers.ListField(
        child=serializers.CharField(max_length=200, allow_blank=True),
        max_length=100,
        help_text="The job's competencies in order. A name left out is archived (past scorecards keep it).",
    )


class ScorecardRatingSerializer(serializers.Serializer):
    competency_id = serializers.UUIDField()
    competency = serializers.CharField(source="competency.name", read_only=True)
    rating = serializers.IntegerField(
        min_value=1,
        max_value=4,
        allow_null=True,
        help_text="1 strong no, 2 no, 3 yes, 4 strong yes; null: not assessed",
    )


class FeedbackSerializer(serializers.ModelSerializer):
    """An interviewer's scorecard of one interview."""

    interview_id = serializers.UUIDField(read_only=True)
    job_id = serializers.UUIDField(read_only=True)
    resume_id = serializers.UUIDField(read_only=True)
    interviewer = PersonSerializer(read_only=True)
    ratings = ScorecardRatingSerializer(
        many=True,
        required=False,
        default=list,
        help_text="One per competency of the interview's job; a competency left out was not assessed",
    )
    rating = serializers.IntegerField(
        min_value=1,
        max_value=5,
        required=False,
        allow_null=True,
        default=None,
        help_text="Optional overall 1–5 rating (feedback before scorecards had only this)",
    )
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)
    comments = serializers.CharField(required=False, allow_blank=True, default="", help_text="Notes")

    class Meta:
        model = InterviewFeedback
        fields = [
            "id",
            "interview_id",
            "job_id",
            "resume_id",
            "interviewer",
            "ratings",
            "recommendation",
            "comments",
            "rating",
            "created_at",
        ]
        read_only_fields = ["id", "interview_id", "job_id", "resume_id", "interviewer", "created_at"]

    def validate_ratings(self, value):
        ids = [str(item["competency_id"]) for item in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError("Rate each competency once.")
        return value

    def service_arguments(self) -> dict:
        data = dict(self.validated_data)
        data["ratings"] = {str(item["competency_id"]): item["rating"] for item in data.get("ratings", [])}
        return data


class CompetencySummarySerializer(serializers.Serializer):
    competency_id = serializers.UUIDField(source="competency.pk")
    name = serializers.CharField(source="competency.name")
    archived = serializers.SerializerMethodField()
    average = serializers.FloatField(
        allow_null=True, help_text="1 (strong no) to 4 (strong yes); null when nobody assessed it"
    )
    distribution = serializers.SerializerMethodField(help_text="Scorecards per rating: strong_no, no, yes, strong_yes")
    not_assessed = serializers.IntegerField()

    def get_archived(self, line) -> bool:
        return line.competency.archived_at is not None

    def get_distribution(self, line) -> dict[str, int]:
        return {
            choice.label.lower().replace(" ", "_"): count for choice, (_, count) in zip(CompetencyRating, line.counts)
        }


class ScorecardSummarySerializer(serializers.Serializer):
    job_id = serializers.UUIDField(source="job.pk")
    job_title = serializers.CharField(source="job.title")
    submitted = serializers.IntegerField(help_text="Scorecards submitted for this candidate and job")
    visible = serializers.BooleanField(
        help_text="False until the requester submits their own (administrators and recruiters always see them)"
    )
    competencies = CompetencySummarySerializer(many=True)
    recommendations = serializers.SerializerMethodField(help_text="Scorecards per overall recommendation")
    scorecards = FeedbackSerializer(many=True)

    def get_recommendations(self, summary) -> dict[str, int]:
        return {value: count for value, _, count in summary.recommendations}
