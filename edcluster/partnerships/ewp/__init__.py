"""EWP Interinstitutional Agreements API v7: export, validation, `iia-hash` and import of IIAs.

Pure functions over plain values (`terms`), no database: the partnerships app maps its agreements
to `Iia` values and back. See docs/ewp.md.
"""

from .checks import iia_check
from .export import iia_hash, iia_hashes, iia_xml
from .hashing import iia_hashes_of_tree, text_to_hash
from .parse import iia_parse
from .problems import IiaError, IiaProblem
from .schema import iia_validate
from .terms import (
    Contact,
    CooperationCondition,
    Iia,
    LanguageSkill,
    MobilityType,
    Partner,
    SubjectArea,
)

__all__ = [
    "Contact",
    "CooperationCondition",
    "Iia",
    "IiaError",
    "IiaProblem",
    "LanguageSkill",
    "MobilityType",
    "Partner",
    "SubjectArea",
    "iia_check",
    "iia_hash",
    "iia_hashes",
    "iia_hashes_of_tree",
    "iia_parse",
    "iia_validate",
    "iia_xml",
    "text_to_hash",
]
