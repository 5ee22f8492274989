from __future__ import annotations

from rest_framework import serializers

from ..choices import StepKind
from ..models import Applicant, Step


class StepSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Step
        fields = ["id", "kind", "kind_display", "date", "start_date", "hours", "months", "is_special", "people",
                  "document", "note", "created_at"]
        read_only_fields = ["id", "created_at"]


class ApplicantSerializer(serializers.ModelSerializer):
    """Personal data masked; the full ID number and phone are never sent by the API."""

    id_number = serializers.CharField(source="id_number_masked", read_only=True)
    phone = serializers.CharField(source="phone_masked", read_only=True)
    birth_year = serializers.IntegerField(read_only=True, help_text="出生年份（完整出生日期不经接口发出）")
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = Applicant
        fields = ["id", "organization", "name", "sex", "birth_year", "id_number", "phone", "education", "occupation",
                  "stage", "stage_display", "applied_on", "stage_since", "next_due_kind", "next_due_on", "member"]
        read_only_fields = fields


class ApplicantCreateSerializer(serializers.Serializer):
    organization = serializers.IntegerField(help_text="党支部编号（须在您的管理范围内）")
    name = serializers.CharField(max_length=50)
    id_number = serializers.CharField(max_length=24)
    applied_on = serializers.DateField()
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    education = serializers.CharField(max_length=24, required=False, allow_blank=True, default="")
    occupation = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class StepCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[c for c in StepKind.choices if c[0] != StepKind.APPLICATION])
    date = serializers.DateField()
    start_date = serializers.DateField(required=False, allow_null=True, default=None)
    hours = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    months = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    is_special = serializers.BooleanField(required=False, default=False)
    people = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    document = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    note = serializers.CharField(required=False, allow_blank=True, default="")
