from rest_framework import serializers

from resumes.models import Resume


class ResumeListSerializer(serializers.ModelSerializer):
    uploaded_at = serializers.DateTimeField(source="created_at", read_only=True)
    job_id = serializers.UUIDField(read_only=True, allow_null=True)
    duplicate_of = serializers.UUIDField(source="duplicate_of_id", read_only=True, allow_null=True)
    retryable = serializers.BooleanField(
        read_only=True, help_text="Failed, and POST retry could help (false when the file itself is at fault)."
    )

    class Meta:
        model = Resume
        fields = [
            "id",
            "original_filename",
            "status",
            "error",
            "candidate_name",
            "email",
            "phone",
            "current_title",
            "location",
            "links",
            "skill_names",
            "years_experience",
            "education_level",
            "file_kind",
            "file_size",
            "job_id",
            "duplicate_of",
            "attempts",
            "retryable",
            "uploaded_at",
            "processed_at",
            "failed_at",
        ]
        read_only_fields = fields


class ResumeDetailSerializer(ResumeListSerializer):
    merged_into = serializers.UUIDField(
        source="merged_into_id",
        read_only=True,
        allow_null=True,
        help_text="Set when this candidate was merged into another: an archived record of that one.",
    )
    merged_records = serializers.SerializerMethodField(
        help_text="Candidates merged into this one: their files stay downloadable at resumes/{id}/file."
    )

    def get_merged_records(self, resume: Resume) -> list[str]:
        return [str(pk) for pk in Resume.objects.filter(merged_into=resume).values_list("pk", flat=True)]

    class Meta(ResumeListSerializer.Meta):
        fields = ResumeListSerializer.Meta.fields + [
            "merged_into",
            "merged_records",
            "merged_at",
            "sections",
            "extracted_skills",
            "content",
            "extraction_method",
            "text_quality",
            "page_count",
        ]
        read_only_fields = fields


class UploadSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(allow_empty_file=True), allow_empty=False)
    job_id = serializers.UUIDField(required=False, allow_null=True)


class UploadResultSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="resume.id", allow_null=True, default=None)
    original_filename = serializers.CharField()
    status = serializers.SerializerMethodField()
    duplicate = serializers.BooleanField()
    error = serializers.CharField(source="reason")

    def get_status(self, result) -> str:
        return result.resume.status if result.resume else "refused"


class UploadResponseSerializer(serializers.Serializer):
    results = UploadResultSerializer(many=True)
