from __future__ import annotations

from rest_framework import serializers

from members.models import Member

from ..models import CommitteePost, FirstSecretary, ReserveCadre, SecretaryReview, Term, TermDelay
from ..rules import Post


class CommitteePostSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    post_display = serializers.CharField(source="get_post_display", read_only=True)
    organization = serializers.IntegerField(source="term.organization_id", read_only=True)

    class Meta:
        model = CommitteePost
        fields = ["id", "term", "organization", "member", "member_name", "post", "post_display", "votes",
                  "started_on", "ended_on", "end_reason"]
        read_only_fields = fields


class TermSerializer(serializers.ModelSerializer):
    posts = serializers.SerializerMethodField()
    term_status = serializers.SerializerMethodField(help_text="派生的换届状态（仅本届）")

    class Meta:
        model = Term
        fields = ["id", "organization", "number", "elected_on", "years", "ends_on", "state", "replaced_on", "meeting",
                  "entitled", "present", "approved_on", "approval_ref", "notes", "posts", "term_status"]
        read_only_fields = fields

    def get_posts(self, obj: Term) -> list[dict]:
        return CommitteePostSerializer([p for p in obj.posts.all() if p.ended_on is None], many=True).data

    def get_term_status(self, obj: Term) -> str | None:
        return self.context.get("statuses", {}).get(obj.organization_id) if obj.state == "current" else None


class ElectedPostInput(serializers.Serializer):
    member = serializers.IntegerField(help_text="党员编号（须在本组织名册上）")
    post = serializers.ChoiceField(choices=Post.choices)
    votes = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class ElectionInput(serializers.Serializer):
    organization = serializers.IntegerField(help_text="党组织编号")
    elected_on = serializers.DateField()
    years = serializers.IntegerField(required=False, help_text="任期年限，缺省按领域（村、社区5年，其他3年）")
    number = serializers.IntegerField(required=False, allow_null=True)
    meeting = serializers.CharField(required=False, default="党员大会")
    entitled = serializers.IntegerField(min_value=1)
    present = serializers.IntegerField(min_value=0)
    approved_on = serializers.DateField(required=False, allow_null=True)
    approval_ref = serializers.CharField(required=False, default="", allow_blank=True)
    notes = serializers.CharField(required=False, default="", allow_blank=True)
    posts = ElectedPostInput(many=True)


class TermDelaySerializer(serializers.ModelSerializer):
    class Meta:
        model = TermDelay
        fields = ["id", "term", "reason", "until", "state", "requested_at", "decided_on", "decision_ref", "decision_note"]
        read_only_fields = ["id", "state", "requested_at", "decided_on", "decision_ref", "decision_note"]


class DecideInput(serializers.Serializer):
    approve = serializers.BooleanField()
    decision_ref = serializers.CharField(required=False, default="", allow_blank=True)
    decision_note = serializers.CharField(required=False, default="", allow_blank=True)


class SecretaryReviewSerializer(serializers.ModelSerializer):
    member = serializers.PrimaryKeyRelatedField(queryset=Member.objects.all())
    member_name = serializers.CharField(source="member.name", read_only=True)
    result_display = serializers.CharField(source="get_result_display", read_only=True)

    class Meta:
        model = SecretaryReview
        fields = ["id", "organization", "year", "member", "member_name", "reviewed_on", "report", "good", "fairly_good",
                  "average", "poor", "result", "result_display", "reviewer", "conclusion"]
        read_only_fields = ["id", "organization", "result"]


class FirstSecretarySerializer(serializers.ModelSerializer):
    class Meta:
        model = FirstSecretary
        fields = ["id", "organization", "name", "sending_unit", "position", "started_on", "ended_on", "notes"]
        read_only_fields = fields


class ReserveCadreSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReserveCadre
        fields = ["id", "organization", "name", "sex", "birth_date", "education", "current_job", "added_on", "state"]
        read_only_fields = fields
