from rest_framework import serializers

from integrations.models import API_RESOURCES, Access, ApiKey


class ApiKeySerializer(serializers.ModelSerializer[ApiKey]):
    class Meta:
        model = ApiKey
        fields = ["id", "name", "prefix", "access", "resources", "created_at", "revoked_at", "last_used_at"]
        read_only_fields = fields


class ApiKeyCreateSerializer(serializers.Serializer[dict[str, object]]):
    name = serializers.CharField(max_length=100)
    access = serializers.ChoiceField(choices=Access.choices, default=Access.READ_ONLY)
    resources = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(API_RESOURCES)), required=False, default=list
    )


class ApiKeyIssuedSerializer(ApiKeySerializer):
    key = serializers.CharField(help_text="The key itself: shown in this answer only")

    class Meta(ApiKeySerializer.Meta):
        fields = [*ApiKeySerializer.Meta.fields, "key"]
        read_only_fields = fields
