"""Quality's writes, by topic."""

from edcluster.quality.services.criteria import criteria_set_create
from edcluster.quality.services.errors import LinkUsed, QualityConflict
from edcluster.quality.services.feedback import (
    answer_give,
    employer_feedback_give,
    links_create,
    order_feedback_give,
)
from edcluster.quality.services.index import index_recompute, indices_recompute
from edcluster.quality.services.reviews import assignment_create, review_submit

__all__ = [
    "LinkUsed",
    "QualityConflict",
    "answer_give",
    "assignment_create",
    "criteria_set_create",
    "employer_feedback_give",
    "index_recompute",
    "indices_recompute",
    "links_create",
    "order_feedback_give",
    "review_submit",
]
