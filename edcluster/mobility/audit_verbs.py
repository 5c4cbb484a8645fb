"""What the mobility app's audit verbs mean, for the audit log (see core.audit)."""

from django.utils.translation import pgettext_lazy

from edcluster.core.audit import audit_verbs_register

audit_verbs_register(
    {
        "mobility.profile_saved": pgettext_lazy("audit log", "applicant profile saved"),
        "mobility.application_created": pgettext_lazy("audit log", "mobility application started"),
        "mobility.application_changed": pgettext_lazy(
            "audit log", "mobility draft application changed"
        ),
        "mobility.stage_changed": pgettext_lazy("audit log", "mobility application moved"),
        "mobility.document_uploaded": pgettext_lazy("audit log", "applicant's document uploaded"),
        "mobility.document_checked": pgettext_lazy("audit log", "applicant's document checked"),
        "mobility.document_refused": pgettext_lazy(
            "audit log", "applicant's document refused by the virus scanner"
        ),
        "mobility.files_encrypted": pgettext_lazy("audit log", "mobility files encrypted again"),
        "mobility.letter_printed": pgettext_lazy("audit log", "mobility letter printed"),
        "mobility.document_viewed": pgettext_lazy("audit log", "applicant's document viewed"),
        "mobility.intake_created": pgettext_lazy("audit log", "intake opened"),
        "mobility.criterion_added": pgettext_lazy("audit log", "scoresheet criterion added"),
        "mobility.scored": pgettext_lazy("audit log", "application scored"),
        "mobility.consent_given": pgettext_lazy("audit log", "consent to data processing given"),
        "mobility.consent_withdrawn": pgettext_lazy(
            "audit log", "consent to data processing withdrawn"
        ),
        "mobility.calendar_loaded": pgettext_lazy("audit log", "work calendar loaded"),
        "mobility.nominated": pgettext_lazy("audit log", "mobility nomination under an agreement"),
        "mobility.reviewer_assigned": pgettext_lazy("audit log", "intake reviewer assigned"),
        "mobility.reviewer_removed": pgettext_lazy("audit log", "intake reviewer removed"),
        "mobility.message_sent": pgettext_lazy("audit log", "message on a mobility case"),
        "mobility.data_exported": pgettext_lazy("audit log", "applicant's data exported"),
        "mobility.case_erased": pgettext_lazy("audit log", "mobility case deleted"),
        "mobility.bed_offered": pgettext_lazy("audit log", "dormitory bed offered"),
        "mobility.bed_accepted": pgettext_lazy("audit log", "dormitory bed accepted"),
        "mobility.bed_declined": pgettext_lazy("audit log", "dormitory bed declined"),
        "mobility.buddy_assigned": pgettext_lazy("audit log", "buddy assigned"),
    }
)
