"""Writes of assessments. Each service is keyword-only, runs in one transaction,
validates with Chinese messages and leaves an audit row."""

from .democratic import rating_followup, rating_record, round_close, round_decide, round_open
from .grading import grading_confirm, grading_propose
from .reviews import (
    evidence_add,
    evidence_link,
    org_score_set,
    public_close,
    public_rating_set,
    review_finalize,
    review_open,
    reviews_open_under,
    self_score_set,
    self_submit,
)
from .sheets import (
    sheet_add_item,
    sheet_add_section,
    sheet_create,
    sheet_item_delete,
    sheet_item_update,
    sheet_publish,
    sheet_supersede,
    sheet_update,
)

__all__ = [
    "evidence_add", "evidence_link", "grading_confirm", "grading_propose", "org_score_set", "public_close",
    "public_rating_set", "rating_followup", "rating_record", "review_finalize", "review_open", "reviews_open_under",
    "round_close", "round_decide", "round_open", "self_score_set", "self_submit", "sheet_add_item",
    "sheet_add_section", "sheet_create", "sheet_item_delete", "sheet_item_update", "sheet_publish", "sheet_supersede", "sheet_update",
]
