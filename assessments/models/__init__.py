"""Assessments 考评: classification grading, the 达标创优 score sheet and its reviews, and
the democratic review of members."""

from .democratic import MemberRating, MemberReviewRound
from .grading import Grading
from .reviews import Evidence, ItemScore, PublicRating, Review
from .sheets import ScoreSheet, SheetItem, SheetSection

__all__ = [
    "Evidence", "Grading", "ItemScore", "MemberRating", "MemberReviewRound", "PublicRating", "Review",
    "ScoreSheet", "SheetItem", "SheetSection",
]
