"""Scheduled work, listed in one place with its cadence.

Each app registers its periodic management commands in its AppConfig.ready (`register`);
`manage.py schedule` prints them as crontab lines (what to install on a server), and
`manage.py schedule --run-due`, run every minute by cron, runs the ones due at that minute
(in the platform's time zone). Cadences are five-field cron expressions: minute, hour, day of
the month, month, day of the week (0 or 7 Sunday); each field `*`, a number, a range `a-b`, a
step `*/n` or `a-b/n`, or a comma-separated list of those.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured

FIELDS = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))  # the bounds of each cron field


@dataclass(frozen=True)
class Entry:
    name: str
    cron: str
    command: str  # a management command
    args: tuple[str, ...]
    doc: str

    def due(self, at: datetime) -> bool:
        """Whether the entry runs at this minute (cron's rule: when both days of the month
        and of the week are restricted, either one matching is enough)."""
        fields = self.cron.split()
        minute, hour, day, month, weekday = (
            parse_field(text, *bounds) for text, bounds in zip(fields, FIELDS, strict=True)
        )
        on_day, on_weekday = at.day in day, at.isoweekday() % 7 in {d % 7 for d in weekday}
        if fields[2] != "*" and fields[4] != "*":
            days = on_day or on_weekday
        else:
            days = on_day and on_weekday
        return at.minute in minute and at.hour in hour and at.month in month and days


_entries: dict[str, Entry] = {}


def parse_field(text: str, low: int, high: int) -> set[int]:
    """The values one cron field selects; a value out of its bounds raises ValueError."""
    values: set[int] = set()
    for part in text.split(","):
        spread, _slash, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if spread == "*":
            first, last = low, high
        else:
            first_text, _dash, last_text = spread.partition("-")
            first = int(first_text)
            last = int(last_text) if last_text else (high if step_text else first)
        if not low <= first <= last <= high or step < 1:
            raise ValueError(f"{part!r} is not within {low}-{high}")
        values.update(range(first, last + 1, step))
    return values


def register(name: str, *, cron: str, command: str, args: tuple[str, ...] = (), doc: str) -> Entry:
    """Run the management command on this cadence; registering the same entry again changes
    nothing, another one under a known name raises."""
    fields = cron.split()
    if len(fields) != 5:
        raise ImproperlyConfigured(f"{name}: a cadence has five fields, not {cron!r}.")
    for text, bounds in zip(fields, FIELDS, strict=True):
        try:
            parse_field(text, *bounds)
        except ValueError as error:
            raise ImproperlyConfigured(f"{name}: {error}") from error
    entry = Entry(name, cron, command, tuple(args), doc)
    if _entries.get(name, entry) != entry:
        raise ImproperlyConfigured(f"A scheduled entry is already called {name}.")
    _entries[name] = entry
    return entry


def entries() -> list[Entry]:
    """Every scheduled entry, by name."""
    return [_entries[name] for name in sorted(_entries)]


def due(at: datetime) -> list[Entry]:
    """The entries to run at this minute."""
    return [entry for entry in entries() if entry.due(at)]
