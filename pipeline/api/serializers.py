from typing import Any

from rest_framework import serializers

from pipeline.bulk import ACTIONS
from pipeline.models import StageKind


class BulkFiltersSerializer(serializers.Serializer[Any]):
    """The ranked list's filters (the query parameters of GET jobs/{id}/candidates)."""

    status = serializers.CharField(required=False, allow_blank=True)
    stage = serializers.UUIDField(required=False, allow_null=True)
    min_score = serializers.FloatField(required=False, allow_null=True)
    skill = serializers.CharField(required=False, allow_blank=True, help_text="Comma-separated: every one of them")
    q = serializers.CharField(required=False, allow_blank=True, help_text="Name, title or email contains")
    meets_gates = serializers.BooleanField(required=False)


class BulkActionSerializer(serializers.Serializer[Any]):
    action = serializers.ChoiceField(choices=sorted(ACTIONS))
    resume_ids = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        max_length=5000,
        help_text="The candidates (their resume ids). Any id that is not a candidate of this job refuses the request (404).",
    )
    all_matching = serializers.BooleanField(
        required=False, default=False, help_text="Every candidate `filters` match instead"
    )
    filters = BulkFiltersSerializer(required=False)
    stage_id = serializers.UUIDField(required=False, help_text="move: the stage to move them to")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300, help_text="reject: why (required)")
    email_template_id = serializers.UUIDField(required=False, help_text="reject: email them this template")
    target_job_id = serializers.UUIDField(required=False, help_text="add_to_job: the other job")
    expires_in_days = serializers.IntegerField(required=False, min_value=1, help_text="share: how long the links last")
    show_contact = serializers.BooleanField(required=False, default=False)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if not data.get("all_matching") and not data.get("resume_ids"):
            raise serializers.ValidationError("Give resume_ids, or all_matching with filters.")
        return data


class BulkLinkSerializer(serializers.Serializer[Any]):
    resume_id = serializers.UUIDField()
    candidate = serializers.CharField()
    url = serializers.URLField()


class BulkReportSerializer(serializers.Serializer[Any]):
    action = serializers.CharField()
    done = serializers.IntegerField(help_text="How many were moved, rejected, shared or added")
    skipped = serializers.IntegerField()
    reasons = serializers.DictField(
        child=serializers.IntegerField(), help_text="Why they were skipped: how many for each reason"
    )
    emails = serializers.IntegerField(help_text="Rejection emails queued")
    links = BulkLinkSerializer(many=True, help_text="share: the new links (their tokens are shown only here)")
    message = serializers.CharField(help_text="e.g. “38 moved, 2 skipped: already hired”")


class StageSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=StageKind.choices)
    position = serializers.IntegerField()
    status = serializers.CharField(help_text="What the API's `status` reads for a candidate in this stage")
    own = serializers.BooleanField(help_text="The job's own stage (true) or its company's pipeline (false)")
