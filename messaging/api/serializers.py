from __future__ import annotations

from typing import Any

from rest_framework import serializers

from messaging import merge
from messaging.models import CandidateMessage, EmailTemplate
from messaging.services import MAX_BODY, MAX_SUBJECT


class EmailTemplateSerializer(serializers.ModelSerializer[EmailTemplate]):
    merge_fields = serializers.SerializerMethodField(help_text="The merge fields the template uses")

    class Meta:
        model = EmailTemplate
        fields = ["id", "kind", "name", "subject", "body", "merge_fields", "created_at", "updated_at"]
        read_only_fields = fields

    def get_merge_fields(self, template: EmailTemplate) -> list[str]:
        return merge.fields_in(template.subject + "\n" + template.body)


class CandidateMessageSerializer(serializers.ModelSerializer[CandidateMessage]):
    resume_id = serializers.UUIDField(read_only=True)
    job_id = serializers.UUIDField(read_only=True, allow_null=True)
    template_id = serializers.UUIDField(read_only=True, allow_null=True)
    sent_by = serializers.EmailField(source="sent_by.email", read_only=True, default=None, allow_null=True)
    attachments = serializers.SerializerMethodField(help_text="File names of the attachments")

    class Meta:
        model = CandidateMessage
        fields = [
            "id",
            "resume_id",
            "job_id",
            "template_id",
            "kind",
            "to",
            "subject",
            "body",
            "attachments",
            "sent_by",
            "status",
            "error",
            "attempts",
            "sent_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_attachments(self, message: CandidateMessage) -> list[str]:
        return [attachment["filename"] for attachment in message.attachments]


class SendSerializer(serializers.Serializer[Any]):
    job_id = serializers.UUIDField(required=False, allow_null=True, help_text="The job the email is about")
    template_id = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="A template of your company; without it, `subject` and `body` are sent",
    )
    subject = serializers.CharField(required=False, allow_blank=True, max_length=MAX_SUBJECT)
    body = serializers.CharField(required=False, allow_blank=True, max_length=MAX_BODY)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("template_id") and not (attrs.get("subject", "").strip() and attrs.get("body", "").strip()):
            raise serializers.ValidationError({"template_id": ["Choose a template, or give a subject and a body."]})
        return attrs
