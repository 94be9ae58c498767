from rest_framework import serializers

from notes.models import CandidateNote
from notes.services import MAX_BODY_LENGTH, note_can_change


class AuthorSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    full_name = serializers.CharField()
    email = serializers.EmailField()


class NoteSerializer(serializers.ModelSerializer):
    resume_id = serializers.UUIDField(read_only=True)
    job_id = serializers.UUIDField(read_only=True, allow_null=True)
    job_title = serializers.CharField(source="job.title", read_only=True, default=None, allow_null=True)
    author = AuthorSerializer(read_only=True, allow_null=True)
    can_edit = serializers.SerializerMethodField()

    class Meta:
        model = CandidateNote
        fields = ["id", "resume_id", "job_id", "job_title", "author", "body", "can_edit", "created_at", "updated_at"]
        read_only_fields = fields

    def get_can_edit(self, note: CandidateNote) -> bool:
        request = self.context.get("request")
        return bool(request) and note_can_change(note=note, user=request.user)


class NoteCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=MAX_BODY_LENGTH)
    job_id = serializers.UUIDField(required=False, allow_null=True)


class NoteUpdateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=MAX_BODY_LENGTH)
