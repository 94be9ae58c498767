from rest_framework import serializers

from careers.models import ScreeningQuestion


class ScreeningQuestionSerializer(serializers.ModelSerializer[ScreeningQuestion]):
    job_id = serializers.UUIDField(read_only=True)

    class Meta:
        model = ScreeningQuestion
        fields = ["id", "job_id", "text", "kind", "required", "knockout_answer", "position", "created_at", "updated_at"]
        read_only_fields = fields


class ScreeningQuestionWriteSerializer(serializers.ModelSerializer[ScreeningQuestion]):
    """A new question (text required) or a change to one (PATCH: any of the fields)."""

    position = serializers.IntegerField(
        min_value=0,
        required=False,
        help_text="Where the question is asked, 0 first; the others move to make room",
    )

    class Meta:
        model = ScreeningQuestion
        fields = ["text", "kind", "required", "knockout_answer", "position"]
        extra_kwargs = {
            "knockout_answer": {
                "help_text": 'yes_no questions only: the answer that rejects the applicant ("yes" or "no"; blank for none)'
            },
        }


class ScreeningQuestionRemovedSerializer(serializers.Serializer[dict[str, object]]):
    id = serializers.UUIDField()
    archived = serializers.BooleanField(
        help_text="true: someone had answered it, so it is archived (no longer asked; the answers keep it); "
        "false: it was deleted",
    )
