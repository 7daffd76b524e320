"""Shapes of the background-work API (for the schema; the views build plain dicts)."""

from __future__ import annotations

from rest_framework import serializers


class ImportJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    total_lines = serializers.IntegerField()
    done_items = serializers.IntegerField()
    report = serializers.JSONField(allow_null=True)
    error = serializers.CharField(allow_blank=True)


class ImportAcceptedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    url = serializers.CharField()


class FailedTaskSerializer(serializers.Serializer):
    id = serializers.CharField()
    task = serializers.CharField()
    queue = serializers.CharField()
    enqueued_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    error_class = serializers.CharField()
    error = serializers.CharField()
    args = serializers.JSONField()
