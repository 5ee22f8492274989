from __future__ import annotations

from rest_framework import serializers

from ..models import DuesBase, DuesPayment, DuesRate


class DuesRateSerializer(serializers.ModelSerializer):
    class Meta:
        model = DuesRate
        fields = ["id", "kind", "effective_from", "upper_bound", "percent", "fixed_amount", "min_amount", "max_amount",
                  "source"]


class DuesBaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = DuesBase
        fields = ["id", "member", "kind", "monthly_income", "fixed_amount", "effective_from", "note", "created_at"]
        read_only_fields = ["id", "created_at"]


class DuesPaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = DuesPayment
        fields = ["id", "member", "organization", "month", "entry", "amount", "amount_due", "paid_on", "is_reversed",
                  "reverses", "reason", "created_at"]
        read_only_fields = fields


class PaySerializer(serializers.Serializer):
    member = serializers.IntegerField()
    months = serializers.ListField(child=serializers.DateField(), min_length=1, max_length=24,
                                   help_text="所属月份（任意一天，按月计），可预交多个月")
    paid_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True, default=None)


class ReverseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)
