"""The stages an application moves through and who may make each move (no database here).

Invitation and visa are skipped for citizens of the states whose citizens enter Russia
without a visa (the CIS agreements on visa-free travel: Armenia, Azerbaijan, Belarus,
Kazakhstan, Kyrgyzstan, Moldova, Tajikistan, Uzbekistan)."""

from edcluster.mobility.models import Stage

VISA_FREE = frozenset({"AM", "AZ", "BY", "KZ", "KG", "MD", "TJ", "UZ"})

MAIN_PATH: tuple[str, ...] = (
    Stage.DRAFT,
    Stage.SUBMITTED,
    Stage.DOCUMENTS_COMPLETE,
    Stage.UNDER_REVIEW,
    Stage.DECIDED,
    Stage.CONFIRMED,
    Stage.INVITATION_REQUESTED,
    Stage.INVITATION_ISSUED,
    Stage.VISA_ISSUED,
    Stage.ARRIVED,
    Stage.REGISTERED,
    Stage.ENROLLED,
    Stage.COMPLETED,
)
VISA_STAGES = frozenset({Stage.INVITATION_REQUESTED, Stage.INVITATION_ISSUED, Stage.VISA_ISSUED})
CLOSED = frozenset({Stage.WITHDRAWN, Stage.CANCELLED, Stage.COMPLETED})
# What the applicant may do themself; the host's office does the rest, operators anything.
APPLICANT_MOVES = frozenset({Stage.SUBMITTED, Stage.CONFIRMED, Stage.WITHDRAWN})
OFFICE_MOVES = frozenset(MAIN_PATH) - {Stage.DRAFT, Stage.SUBMITTED} | {Stage.CANCELLED}
REOPEN = "reopen"


def needs_visa(citizenship: str) -> bool:
    return str(citizenship).upper() not in VISA_FREE


def next_stages(*, stage: str, citizenship: str, decision: str) -> list[str]:
    """The stages reachable from `stage` by anyone (before asking who moves)."""
    if stage in CLOSED:
        return []
    path = [s for s in MAIN_PATH if needs_visa(citizenship) or s not in VISA_STAGES]
    index = path.index(stage) if stage in path else -1
    forward = path[index + 1 : index + 2] if index >= 0 else []
    if stage == Stage.DECIDED:
        forward = [Stage.CONFIRMED] if decision == "accepted" else [Stage.UNDER_REVIEW]
    return [*forward, Stage.WITHDRAWN, Stage.CANCELLED]
