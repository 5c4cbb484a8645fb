"""Keeping the dashboard's summary of days per stage (`StageDays`) with the history: a move
adds one to its row, an erased case takes its moves back (both in the caller's transaction)."""

from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import F

from edcluster.mobility.models import Application, StageDays


def _key(application: Application) -> dict:
    return {
        "host_id": application.host_id,
        "intake_id": application.intake_id,
        "category": application.category,
        "citizenship": str(application.citizenship),
    }


def stage_days_add(application: Application, *, stage: str, days: int, moves: int = 1) -> None:
    """Count `moves` moves out of `stage` after `days` whole days (negative: take back)."""
    if not stage or not moves:
        return
    rows = StageDays.objects.filter(**_key(application), stage=stage, days=days)
    if rows.update(moves=F("moves") + moves) or moves < 0:
        return
    try:
        with transaction.atomic():  # a concurrent move may have made the row: add to it
            StageDays.objects.create(**_key(application), stage=stage, days=days, moves=moves)
    except IntegrityError:
        rows.update(moves=F("moves") + moves)


def stage_days_forget(application: Application) -> None:
    """Take back the moves of a case about to be deleted (rows left at zero are removed)."""
    counts = Counter(
        application.history.filter(from_days__isnull=False)
        .exclude(from_stage="")
        .values_list("from_stage", "from_days")
    )
    for (stage, days), n in counts.items():
        stage_days_add(application, stage=stage, days=days or 0, moves=-n)
    StageDays.objects.filter(**_key(application), moves=0).delete()
