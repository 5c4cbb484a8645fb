"""What a run did with its rows, as one type every bulk import fills (see core.runs).

No Django here: demand's reader process counts rows with it without setting Django up.
"""

from dataclasses import dataclass

COUNTERS = ("created", "updated", "unchanged", "duplicates", "rejected")


@dataclass
class RunCounts:
    """Rows created, updated, unchanged (the same values again), duplicates (the same record
    under another key, not stored again) and rejected (with a reason). Every row read ends in
    exactly one of them: rows = created + updated + unchanged + duplicates + rejected."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    rejected: int = 0

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.duplicates + self.rejected

    def add(self, other: "RunCounts") -> None:
        for name in COUNTERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNTERS}
