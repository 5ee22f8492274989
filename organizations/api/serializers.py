from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ..models import Organization
from ..services import EDITABLE_FIELDS


class OrganizationSerializer(serializers.ModelSerializer):
    parent = serializers.SerializerMethodField(help_text="上级组织编号")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    field_display = serializers.CharField(source="get_field_display", read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "parent", "depth", "numchild", *EDITABLE_FIELDS, "kind_display", "field_display",
                  "status", "dissolved_on", "created_at", "updated_at"]
        read_only_fields = ["id", "parent", "depth", "numchild", "status", "dissolved_on", "created_at", "updated_at"]

    def get_parent(self, obj: Organization) -> int | None:
        parents = self.context.get("parents_by_path")
        if parents is not None:
            parent = parents.get(obj.path[: -obj.steplen])
            return parent.pk if parent else None
        parent = obj.get_parent()
        return parent.pk if parent else None


class OrganizationCreateSerializer(OrganizationSerializer):
    parent_id = serializers.IntegerField(write_only=True, help_text="上级组织编号（必须在您的管理范围内）")

    class Meta(OrganizationSerializer.Meta):
        fields = [*OrganizationSerializer.Meta.fields, "parent_id"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return attrs


class MoveSerializer(serializers.Serializer):
    target = serializers.IntegerField(help_text="新的上级组织编号")


class DissolveSerializer(serializers.Serializer):
    dissolved_on = serializers.DateField()
    reason = serializers.CharField(max_length=500)
