from __future__ import annotations

from rest_framework import serializers

from ..choices import Mark
from ..models import Attendance, Meeting, MeetingType


class AttendanceSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="member_id", help_text="党员编号（须在本组织名册上）")
    member_name = serializers.CharField(source="member.name", read_only=True)
    mark = serializers.ChoiceField(choices=Mark.choices, default=Mark.PRESENT)

    class Meta:
        model = Attendance
        fields = ["member", "member_name", "mark", "reason"]



class MeetingSerializer(serializers.ModelSerializer):
    """组织生活记录。新增时可一并提交出席名单（attendances），省略则全部按出席记录。"""

    organization = serializers.IntegerField(source="organization_id", help_text="党支部或党小组编号")
    meeting_type = serializers.SlugRelatedField(slug_field="code", queryset=MeetingType.objects.filter(is_active=True))
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    attendances = AttendanceSerializer(many=True, required=False)
    submit = serializers.BooleanField(write_only=True, default=False, help_text="true 则直接提交（提交后锁定）")

    class Meta:
        model = Meeting
        fields = ["id", "organization", "organization_name", "meeting_type", "held_on", "start_time", "place", "topic",
                  "host", "recorder", "speaker", "minutes", "decisions", "status", "version", "previous",
                  "correction_reason", "submitted_at", "attendances", "submit"]
        read_only_fields = ["status", "version", "previous", "correction_reason", "submitted_at"]



class CorrectionSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)
    topic = serializers.CharField(max_length=200, required=False)
    minutes = serializers.CharField(required=False, allow_blank=True)
    decisions = serializers.CharField(required=False, allow_blank=True)
    held_on = serializers.DateField(required=False)
    place = serializers.CharField(max_length=120, required=False, allow_blank=True)
    attendances = AttendanceSerializer(many=True, required=False)


class ComplianceItemSerializer(serializers.Serializer):
    branch = serializers.IntegerField()
    branch_name = serializers.CharField()
    meeting_type = serializers.CharField()
    meeting_type_name = serializers.CharField()
    period = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    required = serializers.IntegerField()
    held = serializers.IntegerField()
    state = serializers.CharField()
    remaining_days = serializers.IntegerField(allow_null=True)
