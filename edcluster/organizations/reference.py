"""Loading the reference lists from data/ (never fetched): idempotent upserts."""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from edcluster.organizations.models import FieldOfEducation, PriorityArea

HERE = Path(__file__).resolve().parent


@dataclass
class LoadCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def _upsert(model, *, keys: dict, values: dict, counts: LoadCounts):
    record = model.objects.filter(**keys).first()
    if record is None:
        counts.created += 1
        return model.objects.create(**keys, **values)
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    if changed:
        for name in changed:
            setattr(record, name, values[name])
        record.save(update_fields=changed)
        counts.updated += 1
    else:
        counts.unchanged += 1
    return record


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def priority_areas_load(*, data_dir: Path) -> LoadCounts:
    """Both official lists of priority areas (2011 Decree 899, 2024 Decree 529)."""
    counts = LoadCounts()
    folder = data_dir / "ru_st_priorities"
    for row in _rows(folder / "priority_areas_2011_decree_899.csv"):
        _upsert(
            PriorityArea,
            keys={"list": PriorityArea.List.DECREE_899_2011, "code": row["id"]},
            values={
                "name_ru": row["name_ru"],
                "name_en": row["name_en"],
                "note": row.get("ru_label_status", "")[:200],
            },
            counts=counts,
        )
    for row in _rows(folder / "priority_directions_2024_decree_529.csv"):
        _upsert(
            PriorityArea,
            keys={"list": PriorityArea.List.DECREE_529_2024, "code": row["id"]},
            values={
                "name_ru": row["name_ru"],
                "name_en": row["name_en_working_translation"],
                "note": "English: working translation",
            },
            counts=counts,
        )
    return counts


@transaction.atomic
def fields_of_education_load(*, data_dir: Path) -> LoadCounts:
    """ISCED-F 2013 (220 codes), parents before children, with our Russian names."""
    counts = LoadCounts()
    russian = {row["code"]: row["name_ru"] for row in _rows(HERE / "data" / "isced_f_ru.csv")}
    rows = _rows(data_dir / "isced_f_2013" / "isced_f_2013.csv")
    order = {"broad": 0, "narrow": 1, "detailed": 2}
    by_code: dict[str, FieldOfEducation] = {}
    for row in sorted(rows, key=lambda row: (order[row["level"]], row["code"])):
        parent = by_code.get(row["parent_code"]) if row["parent_code"] else None
        if row["parent_code"] and parent is None:
            counts.errors.append(f"{row['code']}: unknown parent {row['parent_code']}")
            continue
        by_code[row["code"]] = _upsert(
            FieldOfEducation,
            keys={"code": row["code"]},
            values={
                "level": row["level"],
                "parent": parent,
                "name_en": row["label_en"],
                "name_ru": russian.get(row["code"], ""),
            },
            counts=counts,
        )
    return counts


def reference_data_load(*, data_dir: Path) -> dict[str, LoadCounts]:
    """Every reference list the members registry needs."""
    return {
        "priority areas": priority_areas_load(data_dir=data_dir),
        "fields of education": fields_of_education_load(data_dir=data_dir),
    }
