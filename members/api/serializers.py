from __future__ import annotations

from rest_framework import serializers

from ..models import Member
from ..services import EDITABLE_FIELDS


class MemberSerializer(serializers.ModelSerializer):
    """Personal data masked: the full values only through the audited `reveal` action."""

    id_number = serializers.CharField(source="id_number_masked", read_only=True)
    phone = serializers.CharField(source="phone_masked", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    sex_display = serializers.CharField(source="get_sex_display", read_only=True)
    ethnicity_display = serializers.CharField(source="get_ethnicity_display", read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Member
        fields = ["id", "organization", "organization_name", *EDITABLE_FIELDS, "sex_display", "ethnicity_display",
                  "category_display", "status_display", "created_at", "updated_at"]
        read_only_fields = fields


class MemberWriteSerializer(serializers.ModelSerializer):
    id_number = serializers.CharField(max_length=30)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    sex = serializers.CharField(required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)

    class Meta:
        model = Member
        fields = ["organization", *EDITABLE_FIELDS]
        extra_kwargs = {"organization": {"queryset": Member._meta.get_field("organization").related_model.objects.all()}}
        validators: list = []  # the service checks uniqueness and cross-field rules


class RevealSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=[("id_number", "公民身份号码"), ("phone", "联系电话")])
