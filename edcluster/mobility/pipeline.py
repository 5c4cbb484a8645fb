"""The stages an application moves through and who may make each move.

Invitation and visa are skipped for citizens of the states whose citizens enter Russia
without a visa: `VisaFreeCitizenship`, data with its source (seeded by migration 0005, kept
by operators in the admin)."""

from edcluster.mobility.models import Stage, VisaFreeCitizenship

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
# From the applicant's confirmation to enrolment: the chain the host's office takes a case through.
CHAIN_STAGES = MAIN_PATH[MAIN_PATH.index(Stage.CONFIRMED) : MAIN_PATH.index(Stage.COMPLETED)]
CLOSED = frozenset({Stage.WITHDRAWN, Stage.CANCELLED, Stage.COMPLETED})
# What the applicant may do themself; the host's office does the rest, operators anything.
APPLICANT_MOVES = frozenset({Stage.SUBMITTED, Stage.CONFIRMED, Stage.WITHDRAWN})
OFFICE_MOVES = frozenset(MAIN_PATH) - {Stage.DRAFT, Stage.SUBMITTED} | {Stage.CANCELLED}
REOPEN = "reopen"


def needs_visa(citizenship: str) -> bool:
    """Whether a citizen of this country needs an invitation and a visa (one query)."""
    return not VisaFreeCitizenship.objects.filter(country=str(citizenship).upper()).exists()


def path_of(citizenship: str) -> list[str]:
    """The main path of a citizen of this country (without the visa's stages if visa-free)."""
    visa = needs_visa(citizenship)
    return [stage for stage in MAIN_PATH if visa or stage not in VISA_STAGES]


def next_stages(*, stage: str, citizenship: str, decision: str) -> list[str]:
    """The stages reachable from `stage` by anyone (before asking who moves)."""
    if stage in CLOSED:
        return []
    path = path_of(citizenship)
    index = path.index(stage) if stage in path else -1
    forward = path[index + 1 : index + 2] if index >= 0 else []
    if stage == Stage.DECIDED:
        forward = [Stage.CONFIRMED] if decision == "accepted" else [Stage.UNDER_REVIEW]
    return [*forward, Stage.WITHDRAWN, Stage.CANCELLED]
