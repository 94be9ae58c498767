from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from companies.api import CompanyScopedViewSetMixin
from integrations import keys
from integrations.api.serializers import ApiKeyCreateSerializer, ApiKeyIssuedSerializer, ApiKeySerializer
from integrations.models import ApiKey


class ApiKeyViewSet(
    CompanyScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[ApiKey]
):
    """The company's API keys (administrators). A key is shown once, in the answer that creates it."""

    queryset = ApiKey.objects.all()
    serializer_class = ApiKeySerializer
    role_actions = {
        "list": "manage_integrations",
        "retrieve": "manage_integrations",
        "create": "manage_integrations",
        "revoke": "manage_integrations",
    }

    @extend_schema(request=ApiKeyCreateSerializer, responses={201: ApiKeyIssuedSerializer})
    def create(self, request: Any) -> Response:
        body = ApiKeyCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        issued = keys.api_key_create(user=request.user, **body.validated_data)
        return Response({**ApiKeySerializer(issued.api_key).data, "key": issued.key}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ApiKeySerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Any, pk: Any = None) -> Response:
        api_key = keys.api_key_revoke(api_key=self.get_object(), user=request.user)
        return Response(ApiKeySerializer(api_key).data)
