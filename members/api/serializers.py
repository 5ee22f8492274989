from __future__ import annotations

from rest_framework import serializers

from ..models import Member
from ..rules import EDITABLE_FIELDS


class MemberSerializer(serializers.ModelSerializer):
    """Personal data masked: the full values only through the audited `reveal` action. The
    birth date goes out as its year only (beside the mask it would fill in the hidden digits)."""

    id_number = serializers.CharField(source="id_number_masked", read_only=True)
    phone = serializers.CharField(source="phone_masked", read_only=True)
    birth_year = serializers.IntegerField(read_only=True, help_text="出生年份（完整出生日期仅通过 reveal 查看号码获得）")
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    sex_display = serializers.CharField(source="get_sex_display", read_only=True)
    ethnicity_display = serializers.CharField(source="get_ethnicity_display", read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Member
        fields = ["id", "organization", "organization_name", "birth_year",
                  *(f for f in EDITABLE_FIELDS if f != "birth_date"), "sex_display", "ethnicity_display",
                  "category_display", "status_display", "created_at", "updated_at"]
        read_only_fields = fields


class MemberWriteSerializer(serializers.ModelSerializer):
    """Input only: never serialized back (the views answer with MemberSerializer). On an update
    the masked value sent back, or the field left out, keeps the stored ID number or phone."""

    id_number = serializers.CharField(max_length=30, write_only=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, write_only=True)
    sex = serializers.CharField(required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True, write_only=True)

    class Meta:
        model = Member
        fields = ["organization", *EDITABLE_FIELDS]
        extra_kwargs = {"organization": {"queryset": Member._meta.get_field("organization").related_model.objects.all()}}
        validators: list = []  # the service checks uniqueness and cross-field rules


class RevealSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=[("id_number", "公民身份号码"), ("phone", "联系电话")])


class IdSearchSerializer(serializers.Serializer):
    id_number = serializers.CharField(max_length=30, write_only=True, help_text="完整的公民身份号码（仅在请求体中）")
