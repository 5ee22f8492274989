from __future__ import annotations

from rest_framework import serializers

from ..models import Grading, MemberReviewRound, Review, ScoreSheet


class GradingSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Grading
        fields = ["id", "organization", "organization_name", "year", "grade", "status", "note_leadership", "note_members",
                  "note_mechanism", "note_results", "note_opinion", "proposed_at", "confirmed_at"]


class SheetSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScoreSheet
        fields = ["id", "organization", "year", "field", "name", "version", "status", "supersedes", "weight_self",
                  "weight_public", "weight_org", "pass_threshold", "excellent_threshold", "published_at"]


class ReviewSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    year = serializers.IntegerField(source="sheet.year", read_only=True)

    class Meta:
        model = Review
        fields = ["id", "sheet", "year", "organization", "organization_name", "step", "self_score", "public_score",
                  "org_score", "final_score", "result", "finalized_at"]


class RoundSerializer(serializers.ModelSerializer):
    """Counts per grade only: no list of people ranked by result."""

    organization_name = serializers.CharField(source="organization.name", read_only=True)
    counts = serializers.SerializerMethodField()

    class Meta:
        model = MemberReviewRound
        fields = ["id", "organization", "organization_name", "year", "mode", "quarter", "status", "meeting_date",
                  "excellent_cap_percent", "counts"]

    def get_counts(self, obj: MemberReviewRound) -> dict[str, int]:
        return {g: getattr(obj, f"n_{g}", 0) for g in ("excellent", "qualified", "basic", "unqualified")}
