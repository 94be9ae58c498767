from __future__ import annotations

from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.serializers import TokenBlacklistSerializer, TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.authentication import check_token_version
from accounts.models import User
from companies.models import Company


class CompanySummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Company
        fields = ["id", "name"]


class UserSerializer(serializers.ModelSerializer):
    company = CompanySummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "role", "company", "is_active", "created_at", "last_login"]
        read_only_fields = fields


class RegisterSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(write_only=True, trim_whitespace=False, style={"input_type": "password"})
    full_name = serializers.CharField(max_length=200)
    company_name = serializers.CharField(max_length=200)


class RegistrationAnswerSerializer(serializers.Serializer):
    detail = serializers.CharField()


class LoginSerializer(serializers.Serializer):
    email = serializers.CharField(max_length=254)
    password = serializers.CharField(write_only=True, trim_whitespace=False, style={"input_type": "password"})


class LoginResponseSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
    user = UserSerializer()


class RefreshSerializer(TokenRefreshSerializer):
    """simplejwt's refresh (rotating, the old token blacklisted), refusing a token of a
    revoked version, and answering 401 rather than 500 for a deleted user."""

    def validate(self, attrs):
        try:
            token = RefreshToken(attrs["refresh"])
            user = User.objects.get(**{api_settings.USER_ID_FIELD: token[api_settings.USER_ID_CLAIM]})
            check_token_version(token, user)
            return super().validate(attrs)
        except (User.DoesNotExist, KeyError):
            raise AuthenticationFailed(self.error_messages["no_active_account"], "no_active_account") from None


class LogoutSerializer(TokenBlacklistSerializer):
    pass
