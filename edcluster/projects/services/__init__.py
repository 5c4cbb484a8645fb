"""The projects app's writes, by topic: projects and their status, their lines, and the
particulars of programmes and laboratories."""

from edcluster.projects.services.lines import (
    budget_line_add,
    budget_line_remove,
    budget_line_update,
    deliverable_add,
    deliverable_remove,
    deliverable_update,
    milestone_add,
    milestone_remove,
    milestone_update,
    participant_add,
    participant_remove,
    participant_update,
    project_lead_change,
)
from edcluster.projects.services.programmes import (
    Track,
    laboratory_output_set,
    laboratory_set,
    programme_pattern,
    programme_set,
)
from edcluster.projects.services.projects import (
    project_create,
    project_move,
    project_start_from_proposal,
    project_update,
)

__all__ = [
    "Track",
    "budget_line_add",
    "budget_line_remove",
    "budget_line_update",
    "deliverable_add",
    "deliverable_remove",
    "deliverable_update",
    "laboratory_output_set",
    "laboratory_set",
    "milestone_add",
    "milestone_remove",
    "milestone_update",
    "participant_add",
    "participant_remove",
    "participant_update",
    "programme_pattern",
    "programme_set",
    "project_create",
    "project_lead_change",
    "project_move",
    "project_start_from_proposal",
    "project_update",
]
