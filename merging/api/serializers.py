from rest_framework import serializers


class MergeRequestSerializer(serializers.Serializer):
    other = serializers.UUIDField(help_text="The candidate to merge into this one (it becomes an archived record).")


class _ContactFieldSerializer(serializers.Serializer):
    value = serializers.CharField(allow_blank=True)
    taken_from = serializers.ChoiceField(choices=["kept", "merged"], help_text="Whose value wins")


class _ContactSerializer(serializers.Serializer):
    candidate_name = _ContactFieldSerializer()
    email = _ContactFieldSerializer()
    phone = _ContactFieldSerializer()


class _CountSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kept = serializers.IntegerField()
    merged = serializers.IntegerField()
    after = serializers.IntegerField()


class MergePreviewSerializer(serializers.Serializer):
    kept_id = serializers.UUIDField(source="kept.pk")
    merged_id = serializers.UUIDField(source="merged.pk")
    contact = _ContactSerializer(help_text="The kept name, email and phone: the newer parse's unless empty")
    counts = _CountSerializer(many=True, source="rows", help_text="Rows of each kind before and after")
    same_job_candidacies = serializers.IntegerField(help_text="Jobs both are candidates for: one candidacy is kept")
    same_job_matches = serializers.IntegerField(help_text="Jobs both are scored for: the kept candidate's match stays")
