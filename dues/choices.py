"""Enumerations of the dues ledger 党费."""

from __future__ import annotations

from django.db import models


class BaseKind(models.TextChoices):
    EMPLOYED = "employed", "在岗职工（按月税后工资）"
    RETIRED = "retired", "离退休人员（按月离退休费）"
    FARMER = "farmer", "农民党员"
    STUDENT = "student", "学生党员"
    UNEMPLOYED = "unemployed", "下岗失业党员"
    RELIEF = "relief", "依靠救济党员"


class Entry(models.TextChoices):
    PAYMENT = "payment", "缴纳"
    REVERSAL = "reversal", "冲正"
