from rest_framework import serializers

from jobs.models import JobDescription
from jobs.selectors import with_annotations


class JobSerializer(serializers.ModelSerializer):
    # The seed's `company` is the hiring company's name shown to candidates.
    company = serializers.CharField(source="hiring_company", required=False, allow_blank=True, max_length=200)
    skills_required = serializers.ListField(child=serializers.CharField(max_length=100), required=False, max_length=100)
    skills_nice_to_have = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=100
    )
    must_have_skills = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=100
    )
    is_active = serializers.BooleanField(read_only=True)
    # A related field answers null for a job without creator, even in PATCH answers
    # (a dotted source with a default is skipped from partial updates' output).
    created_by = serializers.SlugRelatedField(slug_field="email", read_only=True, allow_null=True)
    candidate_count = serializers.SerializerMethodField()

    class Meta:
        model = JobDescription
        fields = [
            "id",
            "title",
            "company",
            "description",
            "requirements",
            "location",
            "department",
            "workplace",
            "valid_through",
            "salary_range",
            "employment_type",
            "skills_required",
            "skills_nice_to_have",
            "must_have_skills",
            "min_years_experience",
            "education_level",
            "similarity_weight",
            "skills_weight",
            "criteria",
            "learn_from_decisions",
            "status",
            "is_active",
            "embedding_status",
            "candidate_count",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "status", "embedding_status", "created_at", "updated_at"]

    def validate_criteria(self, value):
        from django.core.exceptions import ValidationError as DjangoValidationError

        from jobs.services import clean_criteria

        try:
            return clean_criteria(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict["criteria"]) from error

    def get_candidate_count(self, job) -> int:
        # The list annotates it; a single job (detail, create, update) is read through the
        # same annotation, so both count alike (matching registers it: jobs.selectors).
        count: int | None = getattr(job, "candidate_count", None)
        if count is None:
            job = with_annotations(JobDescription.objects.filter(pk=job.pk).only("pk")).first()
            count = getattr(job, "candidate_count", 0)
        return count or 0


class JobStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["open", "closed"])
