"""The API endpoint config owns: health."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from config import health

# --- Health -------------------------------------------------------------------------


class _PartSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    error = serializers.CharField(required=False)


class _DatabaseSerializer(_PartSerializer):
    latency_ms = serializers.FloatField(required=False)


class _CacheSerializer(_PartSerializer):
    backend = serializers.CharField()


class _BrokerSerializer(_PartSerializer):
    mode = serializers.ChoiceField(choices=["eager", "broker"])


class _ModelSerializer(_PartSerializer):
    name = serializers.CharField()
    backend = serializers.CharField()
    loaded = serializers.BooleanField(help_text="This process has the model in memory")
    files_present = serializers.BooleanField(help_text="The packaged model files are there to load")


class _QueueSerializer(_PartSerializer):
    depth = serializers.IntegerField(allow_null=True, help_text="Messages waiting; null in eager mode")
    oldest_pending_seconds = serializers.FloatField(allow_null=True, required=False)


class HealthSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["ok", "failing"])
    failing = serializers.ListField(child=serializers.CharField())
    database = _DatabaseSerializer()
    cache = _CacheSerializer()
    broker = _BrokerSerializer(required=False)
    model = _ModelSerializer(required=False)
    queue = _QueueSerializer(required=False)


class HealthView(APIView):
    """Public: what an operator or a load balancer asks. 200 when healthy, 503 naming the failing parts."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_classes: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "scope", str, enum=["all", "web"], description="`web`: only database and cache (a web node's own needs)"
            )
        ],
        responses={200: HealthSerializer, 503: HealthSerializer},
        auth=[],
    )
    def get(self, request):
        scope = "web" if request.query_params.get("scope") == "web" else "all"
        healthy, report = health.health_report(scope=scope)
        response = Response(report, status=200 if healthy else 503)
        response["Cache-Control"] = "no-store"
        return response
