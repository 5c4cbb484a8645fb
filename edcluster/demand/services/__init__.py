"""Writes of demand: employers' requests (`requests`) and the skills and occupations of
ingested postings with the analytics rollups they move (`extraction`)."""

from edcluster.demand.services.extraction import postings_extract, rollups_rebuild, run_extract
from edcluster.demand.services.requests import (
    MAX_SKILLS,
    request_create,
    request_move,
    request_update,
)

__all__ = [
    "MAX_SKILLS",
    "postings_extract",
    "request_create",
    "request_move",
    "request_update",
    "rollups_rebuild",
    "run_extract",
]
