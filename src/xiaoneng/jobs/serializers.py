"""Shapes of the background-work API (for the schema; the views build plain dicts)."""

from __future__ import annotations

from rest_framework import serializers

from xiaoneng.core.api.fields import JsonStringField


class ImportJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = JsonStringField()
    status = JsonStringField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    total_lines = serializers.IntegerField()
    done_items = serializers.IntegerField()
    report = serializers.JSONField(allow_null=True)
    error = JsonStringField(allow_blank=True)


class ImportAcceptedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = JsonStringField()
    url = JsonStringField()


class FailedTaskSerializer(serializers.Serializer):
    id = JsonStringField()
    task = JsonStringField()
    queue = JsonStringField()
    enqueued_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    error_class = JsonStringField()
    error = JsonStringField()
    args = serializers.JSONField()
