from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from matching.explanations import EXPLANATION_VERSION, Explanation, explanation_of
from matching.models import MatchResult
from pipeline.status import CandidateStatus


@extend_schema_field(
    {
        "type": "object",
        "description": f"The structured explanation (matching.explanations.Explanation, version {EXPLANATION_VERSION}): "
        "summary, band, parts, matched_skills (with the resume line behind each), missing skills, strengths, "
        "gates, criteria, the most relevant excerpt. Older stored rows are upgraded when read.",
        "properties": {"version": {"type": "integer"}, "summary": {"type": "string"}, "band": {"type": "string"}},
        "additionalProperties": True,
    }
)
class ExplanationField(serializers.Field):
    """A typed explanation as JSON, from an Explanation or from a row that stores one."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> dict[str, Any]:
        explanation = value if isinstance(value, Explanation) else explanation_of(value)
        return explanation.as_json()


class CandidateSerializer(serializers.ModelSerializer):
    """One row of a job's ranked candidates (the API contract's field names)."""

    match_id = serializers.UUIDField(source="id", read_only=True)
    resume_id = serializers.UUIDField(read_only=True)
    job_id = serializers.UUIDField(read_only=True)
    candidate_name = serializers.CharField(source="resume.display_name", read_only=True)
    email = serializers.CharField(source="resume.email", read_only=True)
    # The status reads from the candidate's stage (pipeline/status.py); the stage itself is beside it.
    status = serializers.ChoiceField(choices=CandidateStatus.choices, read_only=True)
    status_updated_at = serializers.DateTimeField(
        source="stage_entered_at", read_only=True, default=None, allow_null=True
    )
    status_updated_by = serializers.CharField(
        source="stage_changed_by_email", read_only=True, default=None, allow_null=True
    )
    candidacy_id = serializers.UUIDField(read_only=True, default=None, allow_null=True)
    stage = serializers.SerializerMethodField()

    def get_stage(self, match) -> dict | None:
        if getattr(match, "stage_id", None) is None:
            return None
        return {"id": str(match.stage_id), "name": match.stage_name, "kind": match.stage_kind}

    class Meta:
        model = MatchResult
        fields = [
            "match_id",
            "resume_id",
            "job_id",
            "candidate_name",
            "email",
            "match_score",
            "skills_score",
            "similarity_score",
            "experience_score",
            "education_score",
            "confidence_score",
            "status",
            "status_updated_at",
            "status_updated_by",
            "candidacy_id",
            "stage",
            "matched_skills",
            "missing_skills",
            "additional_skills",
            "key_strengths",
            "gates",
            "meets_all_gates",
            "explanation",
            "source",
        ]
        read_only_fields = fields


class CandidateDetailSerializer(CandidateSerializer):
    """One candidate with the whole explanation, read through the typed structure."""

    explanation_data = ExplanationField(source="*")

    class Meta(CandidateSerializer.Meta):
        fields = CandidateSerializer.Meta.fields + ["explanation_data", "skill_matches", "scored_at"]
        read_only_fields = fields


class CandidateStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CandidateStatus.choices)


class ResumeMatchSerializer(CandidateSerializer):
    job_title = serializers.CharField(source="job.title", read_only=True)

    class Meta(CandidateSerializer.Meta):
        fields = ["job_title"] + CandidateSerializer.Meta.fields
        read_only_fields = fields


class SearchSerializer(serializers.Serializer):
    query = serializers.CharField(max_length=1000, trim_whitespace=True)
    limit = serializers.IntegerField(min_value=1, max_value=100, default=20)


class SearchResultSerializer(serializers.Serializer):
    resume_id = serializers.UUIDField(source="resume.id")
    candidate_name = serializers.CharField(source="resume.display_name")
    score = serializers.FloatField()
    cosine = serializers.FloatField()
    matched_skills = serializers.ListField(child=serializers.CharField())
    excerpt = serializers.CharField()
    skills = serializers.ListField(child=serializers.CharField(), source="resume.skill_names")


class SearchResponseSerializer(serializers.Serializer):
    query = serializers.CharField()
    results = SearchResultSerializer(many=True)


class JobQualitySerializer(serializers.Serializer):
    """How sure a job's ranking is and what in the job to change: the portal's quality panel."""

    job_id = serializers.UUIDField()
    candidates = serializers.IntegerField(help_text="Candidates of the job (talent-pool suggestions left out)")
    readable = serializers.IntegerField(help_text="Candidates whose resume text could be read")
    readable_share = serializers.FloatField(allow_null=True, help_text="readable / candidates; null without candidates")
    top_gap = serializers.FloatField(
        allow_null=True,
        help_text="Points between the first and the tenth score (or the last, below ten); null below two",
    )
    top_close = serializers.BooleanField(help_text="The top scores are too close for the score to separate them")
    must_haves_nobody_meets = serializers.ListField(
        child=serializers.CharField(), help_text="Must-have skills and criteria"
    )
    unknown_spellings = serializers.ListField(
        child=serializers.CharField(),
        help_text="Required skills no resume shows, under a name the skill list does not know",
    )
    suggestions = serializers.ListField(child=serializers.CharField(), help_text="What to change in the job")
    feedback_decisions = serializers.IntegerField(
        help_text="Decisions the ranking learnt from (0 when it does not learn)"
    )
