from __future__ import annotations

from typing import Any

from rest_framework import serializers

from xiaoneng.core.api.fields import JsonStringField
from xiaoneng.core.masking import mask_phone
from xiaoneng.core.models import Level, Organization, OrganizationKind, User
from xiaoneng.core.roles import Role


class OrganizationSerializer(serializers.ModelSerializer):
    parent: Any = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "level",
            "parent",
            "credit_code",
            "credit_code_warning",
            "region_code",
            "is_active",
            "path",
        ]
        read_only_fields = fields


class OrganizationWriteSerializer(serializers.Serializer):
    name = JsonStringField(max_length=200)
    short_name = JsonStringField(max_length=60, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=OrganizationKind.choices)
    level = serializers.ChoiceField(choices=Level.choices)
    parent: Any = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    credit_code = JsonStringField(max_length=30, required=False, allow_blank=True)
    region_code = JsonStringField(max_length=12, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False, default=True)


class UserSerializer(serializers.ModelSerializer):
    organization: Any = serializers.PrimaryKeyRelatedField(read_only=True)
    organization_name = JsonStringField(source="organization.name", read_only=True)
    roles = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "real_name",
            "organization",
            "organization_name",
            "post",
            "post_since",
            "rank",
            "phone",
            "roles",
            "is_active",
        ]
        read_only_fields = fields

    def get_roles(self, obj: User) -> list[str]:
        return sorted(r.role for r in obj.roles.all())

    def get_phone(self, obj: User) -> str:
        if self.context.get("unmask"):
            return obj.phone
        return mask_phone(obj.phone)


class UserWriteSerializer(serializers.Serializer):
    username = JsonStringField(max_length=150)
    password = JsonStringField(write_only=True)
    real_name = JsonStringField(max_length=60)
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), required=False, default=list
    )
    post = JsonStringField(max_length=100, required=False, allow_blank=True)
    post_since = serializers.DateField(required=False, allow_null=True)
    rank = JsonStringField(max_length=16, required=False, allow_blank=True)
    phone = JsonStringField(max_length=20, required=False, allow_blank=True)
