"""The run kernel: one shape for every piece of bulk work (a catalog import, a postings
ingestion, and the imports to come: agreements, exchange rates, calendars).

A run says who started it, when, from which source, where it stands (queued → running → done,
failed or interrupted), how far it is (`processed` of `total` rows) and what became of each row:
created, updated, unchanged, duplicates or rejected (`RunCounts`), always
rows = created + updated + unchanged + duplicates + rejected, with every rejected row kept in
`errors` as {"line", "field", "reason"}.

To add an import:
1. Its model subclasses `Run` (keeping its own fields: format, file, options…), with
   `class Meta(Run.Meta)`, `get_absolute_url()` (the page that polls) and, if its page shows
   more or other counts, `count_rows()`.
2. Its service creates the run and calls `run_enqueue(run, "edcluster.<app>.tasks.<task>")`,
   which queues the task (taking `run_id`) when the transaction commits and keeps the task's
   id, or marks the run failed when nothing could be queued.
3. Its task (or command) does the work inside `run_guard(run)` (which records the working
   process, marks the run interrupted if the process is told to stop and failed, with the
   reason, on any error), fills a `RunCounts` and stores it with `run.take_counts(counts)` and
   `PROGRESS_FIELDS`, chunk by chunk, saving `updated_at` each time (the heartbeat), then sets
   the status and `finished_at`.
4. Its page includes "core/run_progress.html" (htmx polling while the run works), and what
   lists or shows its runs calls `runs_interrupt_stale(Model)` first.

A run whose process died without a word (`kill -9`, a machine lost) is found by
`runs_interrupt_stale` and marked interrupted when either holds:
- its worker ran here (`worker` is "host|pid namespace:pid": the same machine and pid
  namespace) and that process is gone, or
- its heartbeat (`updated_at`, saved with every chunk) is older than `RUN_STALE_MINUTES`
  (a setting, 10 by default: far longer than a chunk takes, so a slow run is never cut).
The first catches a killed local worker at once; the second any worker, on any machine. An
interrupted run that is resumable says so on its page. `manage.py runs_sweep` (scheduled every
five minutes) applies the rule to every kind of run.
"""

import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, models, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from edcluster.core.counts import COUNTERS, RunCounts
from edcluster.core.models import RunStatus, TimeStampedModel

__all__ = [
    "COUNTERS",
    "CountRow",
    "PROGRESS_FIELDS",
    "Run",
    "RunCounts",
    "RunStatus",
    "interrupted_on_stop",
    "run_enqueue",
    "run_guard",
    "runs_interrupt_stale",
]

logger = logging.getLogger(__name__)

CountRow = tuple[str | Promise, object]  # a label its page shows, and the count
PROGRESS_FIELDS = ("total", "processed", *COUNTERS)  # what a run saves after each chunk
WORKING = (RunStatus.QUEUED, RunStatus.RUNNING)


class Run(TimeStampedModel):
    """Who, when, source, status, progress, counts and rejected rows of one piece of bulk
    work (abstract: each kind of work is a model of its own app)."""

    Status = RunStatus

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=11, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("rows"), default=0)  # 0: not known in advance
    processed = models.PositiveIntegerField(_("rows processed"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicates"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    errors = models.JSONField(_("rejected rows"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    worker = models.CharField(_("worker"), max_length=100, blank=True, editable=False)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @property
    def finished(self) -> bool:
        return self.status not in WORKING

    @property
    def working(self) -> bool:
        """Whether its page keeps polling."""
        return not self.finished

    @property
    def state(self) -> str:
        """Where the run stands, in words: its status, unless its kind knows a truer word (work
        that goes on after the rows are in)."""
        return str(self.get_status_display())  # type: ignore[attr-defined]

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.finished else 0
        return min(100, self.processed * 100 // self.total)

    @property
    def counts(self) -> RunCounts:
        return RunCounts(**{name: getattr(self, name) for name in COUNTERS})

    @property
    def accounted(self) -> bool:
        """Every row processed is counted once: rows = created + updated + unchanged +
        duplicates + rejected."""
        return self.processed == self.counts.rows

    def take_counts(self, counts: RunCounts) -> None:
        """The counts of the whole run so far (its rows processed follow from them)."""
        for name, value in counts.as_dict().items():
            setattr(self, name, value)
        self.processed = counts.rows

    def add_counts(self, counts: RunCounts) -> None:
        """Add a chunk's counts to the run's."""
        total = self.counts
        total.add(counts)
        self.take_counts(total)

    def count_rows(self) -> list[CountRow]:
        """The counts its page shows, as (label, value)."""
        return [
            (_("Rows"), self.processed),
            (_("Created"), self.created),
            (_("Updated"), self.updated),
            (_("Unchanged"), self.unchanged),
            (_("Duplicates"), self.duplicates),
            (_("Rejected"), self.rejected),
        ]


def _record(run: Run, *, message: str, fail: bool) -> None:
    found = type(run)._default_manager.filter(pk=run.pk)
    found.update(message=message, updated_at=timezone.now())
    if fail:
        found.filter(status__in=WORKING).update(status=RunStatus.FAILED, finished_at=timezone.now())


def enqueue_on_commit(task: str, **arguments) -> None:
    """Queue the task (the dotted path of a django.tasks task) with these arguments once the
    current transaction commits (at once outside one): the one way a service hands work to its
    app's tasks. Named by path because tasks import the services that call this."""
    transaction.on_commit(lambda: import_string(task).enqueue(**arguments))


def run_enqueue(run: Run, task: str, **arguments) -> None:
    """Queue the task (the dotted path of a django.tasks task taking `run_id`) for this run once
    the current transaction commits (at once outside one), so that the worker finds the run.
    The task's id is kept on the run. A backend that refuses (or, running tasks at once, a task
    that fails) leaves the reason in the run's message and a run not yet finished failed.
    The task is named by its path: tasks import the services that call this."""
    model, pk = type(run), run.pk

    def enqueue() -> None:
        try:
            result = import_string(task).enqueue(run_id=pk, **arguments)
        except Exception as error:  # the run says so; the caller's work is committed
            logger.exception("Queueing %s for run %s failed", task, pk)
            text = gettext("The work could not be queued: %(error)s") % {"error": error}
            _record(run, message=text, fail=True)
            return
        model._default_manager.filter(pk=pk).update(task_id=str(result.id)[:64])
        if result.status == TaskResultStatus.FAILED and result.errors:
            failure = result.errors[-1].exception_class_path
            text = gettext("The work failed: %(error)s") % {"error": failure}
            _record(run, message=text, fail=True)

    transaction.on_commit(enqueue)


@contextmanager
def interrupted_on_stop(run: Run) -> Iterator[None]:
    """Mark the run interrupted if its process is told to stop (Ctrl-C, a worker's shutdown)
    while it works; what it committed stays, and a resumable run goes on from there."""
    try:
        yield
    except (KeyboardInterrupt, SystemExit):
        try:
            type(run)._default_manager.filter(pk=run.pk, status=RunStatus.RUNNING).update(
                status=RunStatus.INTERRUPTED, finished_at=timezone.now()
            )
            run.status = RunStatus.INTERRUPTED
        except DatabaseError:  # stopping anyway: the run stays "running"
            logger.exception("Marking run %s interrupted failed", run.pk)
        raise


def _machine() -> str:
    """This machine and process namespace: two containers may share a host name, never a pid
    namespace, and a pid means something only within its own."""
    try:
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        namespace = ""
    return f"{socket.gethostname()}|{namespace}"


def this_worker() -> str:
    """This process as a run's `worker`: "host|pid namespace:pid"."""
    return f"{_machine()}:{os.getpid()}"[:100]


def _gone(worker: str) -> bool:
    """Whether a run's worker process ran here (this machine, this pid namespace) and is no
    longer alive."""
    machine, _colon, pid = worker.rpartition(":")
    if machine != _machine() or not pid.isdigit():
        return False  # another machine's: only the heartbeat tells
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def runs_interrupt_stale(model: type[Run]) -> int:
    """Mark interrupted the running runs of this model whose process is gone (the module's
    rule: its local worker process dead, or no heartbeat for RUN_STALE_MINUTES). Returns how
    many."""
    now = timezone.now()
    running = model._default_manager.filter(status=RunStatus.RUNNING)
    cutoff = now - timedelta(minutes=settings.RUN_STALE_MINUTES)
    stale = set(running.filter(updated_at__lt=cutoff).values_list("pk", flat=True))
    stale.update(pk for pk, worker in running.values_list("pk", "worker") if _gone(worker))
    if not stale:
        return 0
    message = gettext("Its process stopped without finishing (found %(at)s).") % {
        "at": timezone.localtime(now).strftime("%Y-%m-%d %H:%M")
    }
    return running.filter(pk__in=stale).update(
        status=RunStatus.INTERRUPTED, finished_at=now, message=message, updated_at=now
    )


def run_models() -> list[type[Run]]:
    """Every kind of run the installed apps define."""
    return [model for model in apps.get_models() if issubclass(model, Run)]


@contextmanager
def run_guard(run: Run) -> Iterator[None]:
    """Do a run's work: the run records this process as its worker; if the process is told to
    stop the run is interrupted (`interrupted_on_stop`), and if the work raises an error the run
    fails with the reason (logged with its traceback) instead of staying "running"."""
    run.worker = this_worker()
    type(run)._default_manager.filter(pk=run.pk).update(worker=run.worker)
    with interrupted_on_stop(run):
        try:
            yield
        except Exception as error:
            logger.exception("Run %s of %s failed", run.pk, type(run).__name__)
            text = gettext("The work failed: %(error)s") % {
                "error": f"{type(error).__name__}: {error}"[:500]
            }
            _record(run, message=text, fail=True)
            run.status, run.message = RunStatus.FAILED, text
            raise
