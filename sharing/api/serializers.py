from rest_framework import serializers

from matching.api.serializers import ExplanationField
from sharing.models import SharedLink
from sharing.services import DEFAULT_EXPIRY_DAYS, MAX_EXPIRY_DAYS


class SharedLinkSerializer(serializers.ModelSerializer):
    resume_id = serializers.UUIDField(read_only=True)
    job_id = serializers.UUIDField(read_only=True, allow_null=True)
    created_by = serializers.EmailField(source="created_by.email", read_only=True, default=None)
    is_active = serializers.BooleanField(read_only=True)
    state = serializers.ChoiceField(choices=["active", "expired", "revoked"], read_only=True)

    class Meta:
        model = SharedLink
        fields = [
            "id",
            "resume_id",
            "job_id",
            "created_by",
            "expires_at",
            "show_contact",
            "allow_download",
            "is_active",
            "state",
            "revoked_at",
            "view_count",
            "last_viewed_at",
            "created_at",
        ]
        read_only_fields = fields


class SharedLinkCreateSerializer(serializers.Serializer):
    resume_id = serializers.UUIDField()
    job_id = serializers.UUIDField(required=False, allow_null=True)
    expires_in_days = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_EXPIRY_DAYS, default=DEFAULT_EXPIRY_DAYS
    )
    show_contact = serializers.BooleanField(required=False, default=False)
    allow_download = serializers.BooleanField(required=False, default=False)


class SharedLinkIssuedSerializer(SharedLinkSerializer):
    """The create answer: the only time the token and full URL are ever returned."""

    token = serializers.CharField(read_only=True)
    url = serializers.URLField(read_only=True)
    warnings = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="What the sharer should know, e.g. that the original file shows contact details the page hides.",
    )

    class Meta(SharedLinkSerializer.Meta):
        fields = ["id", "token", "url", *[f for f in SharedLinkSerializer.Meta.fields if f != "id"], "warnings"]
        read_only_fields = fields


class PublicJobSerializer(serializers.Serializer):
    title = serializers.CharField()
    hiring_company = serializers.CharField()
    location = serializers.CharField()


class PublicMatchSerializer(serializers.Serializer):
    match_score = serializers.FloatField()
    similarity_score = serializers.FloatField()
    skills_score = serializers.FloatField()
    matched_skills = serializers.ListField(child=serializers.CharField())
    missing_skills = serializers.ListField(child=serializers.CharField())
    # The same names as the candidate API's, all read from the typed explanation.
    explanation = serializers.CharField(source="explanation.summary")
    explanation_data = ExplanationField(source="explanation")
    key_strengths = serializers.ListField(child=serializers.CharField(), source="explanation.strengths")


class PublicContactSerializer(serializers.Serializer):
    email = serializers.CharField()
    phone = serializers.CharField()
    location = serializers.CharField()
    links = serializers.DictField(child=serializers.JSONField())


class PublicSectionSerializer(serializers.Serializer):
    name = serializers.CharField()
    text = serializers.CharField()

    def to_representation(self, instance):
        name, text = instance
        return {"name": name, "text": text}


class PublicCandidateSerializer(serializers.Serializer):
    candidate_name = serializers.CharField(source="name")
    summary = serializers.CharField()
    years_experience = serializers.FloatField(allow_null=True)
    education = serializers.CharField()
    skills = serializers.ListField(child=serializers.CharField())
    sections = PublicSectionSerializer(many=True)
    contact = PublicContactSerializer(allow_null=True, help_text="Only when the link shows contact details")
    job = PublicJobSerializer(allow_null=True)
    match = PublicMatchSerializer(allow_null=True, help_text="The match explanation for the link's job")
    file_url = serializers.SerializerMethodField()
    expires_at = serializers.DateTimeField(source="link.expires_at")

    def get_file_url(self, candidate) -> str | None:
        if not candidate.file_available:
            return None
        from django.urls import reverse

        request = self.context["request"]
        return request.build_absolute_uri(reverse("shared:file", kwargs={"token": self.context["token"]}))
