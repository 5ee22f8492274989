from __future__ import annotations

from rest_framework import serializers

from ..models import CandidateReason, Leader, Measure, Problem, Rectification, RectificationYear


class RectificationYearSerializer(serializers.ModelSerializer):
    county_name = serializers.CharField(source="county.name", read_only=True)
    policy_display = serializers.CharField(source="get_policy_display", read_only=True)

    class Meta:
        model = RectificationYear
        fields = ["id", "county", "county_name", "year", "policy", "policy_display", "quota_village_pct",
                  "quota_community_pct", "quota_other_pct", "recheck_months", "require_public_ack", "confirmed_at"]
        read_only_fields = fields


class MeasureSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Measure
        fields = ["id", "problem", "description", "responsible_person", "responsible_user", "deadline", "status",
                  "status_display", "public_ack", "closed_on", "last_reason", "carried_from"]
        read_only_fields = fields


class ProblemSerializer(serializers.ModelSerializer):
    category_name = serializers.CharField(source="category.name", read_only=True)
    measures = MeasureSerializer(many=True, read_only=True)

    class Meta:
        model = Problem
        fields = ["id", "category", "category_name", "description", "source", "measures"]
        read_only_fields = fields


class LeaderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Leader
        fields = ["id", "role", "name", "position", "phone", "start_on", "end_on"]
        read_only_fields = fields


class ReasonSerializer(serializers.ModelSerializer):
    class Meta:
        model = CandidateReason
        fields = ["source", "source_label", "detail"]
        read_only_fields = fields


class RectificationSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    year_number = serializers.IntegerField(source="year.year", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Rectification
        fields = ["id", "year", "year_number", "organization", "organization_name", "status", "status_display",
                  "listed_on", "acceptance_proposed_on", "accepted_on", "recheck_due", "rechecked_on",
                  "relapse_count", "last_reason", "carried_from"]
        read_only_fields = fields


class RectificationDetailSerializer(RectificationSerializer):
    reasons = ReasonSerializer(many=True, read_only=True)
    leaders = LeaderSerializer(many=True, read_only=True)
    problems = ProblemSerializer(many=True, read_only=True)

    class Meta(RectificationSerializer.Meta):
        fields = [*RectificationSerializer.Meta.fields, "reasons", "leaders", "problems"]
        read_only_fields = fields


class ProposeSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="整顿年度编号")
    organization = serializers.IntegerField(help_text="党组织编号")
    reason = serializers.CharField(max_length=500, help_text="推荐理由")


class TransitionSerializer(serializers.Serializer):
    action = serializers.CharField(help_text="操作：如 start、propose_close、close、send_back、reopen；"
                                             "propose_acceptance、accept、reject_acceptance、recheck_pass、relapse")
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    public_ack = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
