"""What the projects app's audit verbs mean, for the audit log (see core.audit)."""

from django.utils.translation import pgettext_lazy

from edcluster.core.audit import audit_verbs_register

audit_verbs_register(
    {
        "project.created": pgettext_lazy("audit log", "project created"),
        "project.updated": pgettext_lazy("audit log", "project edited"),
        "project.status": pgettext_lazy("audit log", "project's status changed"),
        "project.started_from_proposal": pgettext_lazy(
            "audit log", "project started from a proposal"
        ),
        "project.participant_added": pgettext_lazy("audit log", "project participant added"),
        "project.participant_changed": pgettext_lazy("audit log", "project participant edited"),
        "project.participant_removed": pgettext_lazy("audit log", "project participant removed"),
        "project.lead_changed": pgettext_lazy("audit log", "project's lead changed"),
        "project.milestone_added": pgettext_lazy("audit log", "milestone added"),
        "project.milestone_changed": pgettext_lazy("audit log", "milestone edited"),
        "project.milestone_removed": pgettext_lazy("audit log", "milestone removed"),
        "project.deliverable_added": pgettext_lazy("audit log", "deliverable added"),
        "project.deliverable_changed": pgettext_lazy("audit log", "deliverable edited"),
        "project.deliverable_removed": pgettext_lazy("audit log", "deliverable removed"),
        "project.budget_line_added": pgettext_lazy("audit log", "budget line added"),
        "project.budget_line_changed": pgettext_lazy("audit log", "budget line edited"),
        "project.budget_line_removed": pgettext_lazy("audit log", "budget line removed"),
        "project.programme_set": pgettext_lazy("audit log", "joint programme recorded"),
        "project.laboratory_set": pgettext_lazy("audit log", "laboratory recorded"),
        "project.laboratory_output_set": pgettext_lazy(
            "audit log", "laboratory's yearly output recorded"
        ),
    }
)
