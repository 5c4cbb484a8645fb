"""Writes of the skills app: the ESCO release and our aliases into the taxonomy, operators'
aliases, the taxonomy's vectors. Topic modules: `loader` (ESCO), `aliases`, `embedding`."""

from edcluster.skills.services.aliases import (
    StarterLoaded,
    TeamRow,
    alias_create,
    alias_delete,
    alias_update,
    russian_labels_refresh,
    starter_aliases_load,
    starter_rows,
    team_files,
    team_rows,
)
from edcluster.skills.services.embedding import Embedded, taxonomy_embed
from edcluster.skills.services.extraction import (
    EXTRACT,
    extraction_at_once,
    extraction_perform,
    extraction_start,
    extraction_too_long,
)
from edcluster.skills.services.loader import ESCO_DIRECTORY, Loaded, Release, esco_load

__all__ = [
    "ESCO_DIRECTORY",
    "EXTRACT",
    "Embedded",
    "Loaded",
    "Release",
    "StarterLoaded",
    "TeamRow",
    "alias_create",
    "alias_delete",
    "alias_update",
    "esco_load",
    "extraction_at_once",
    "extraction_perform",
    "extraction_start",
    "extraction_too_long",
    "russian_labels_refresh",
    "starter_aliases_load",
    "starter_rows",
    "taxonomy_embed",
    "team_files",
    "team_rows",
]
