"""The run kernel (core.runs): accounting, progress, enqueueing on commit, the progress partial."""

import pytest
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from edcluster.catalog.models import ImportRun
from edcluster.core.runs import Run, RunCounts, RunStatus, interrupted_on_stop, run_enqueue
from edcluster.demand.models import IngestRun

TASK = "edcluster.core.tests.test_runs.record_run"
FAILING = "edcluster.core.tests.test_runs.failing_run"
DONE: list[int] = []


@task()
def record_run(*, run_id: int) -> int:
    DONE.append(run_id)
    return run_id


@task()
def failing_run(*, run_id: int) -> None:
    raise RuntimeError("the worker broke")


@pytest.fixture(autouse=True)
def nothing_done():
    DONE.clear()
    with translation.override("en"):
        yield


def catalog_run(**fields) -> ImportRun:
    return ImportRun.objects.create(format="csv", file_name="c.csv", data=b"x", **fields)


def test_every_row_is_counted_once():
    counts = RunCounts(created=2, updated=1, unchanged=3)
    counts.add(RunCounts(duplicates=1, rejected=2, created=1))
    assert counts.as_dict() == {
        "created": 3,
        "updated": 1,
        "unchanged": 3,
        "duplicates": 1,
        "rejected": 2,
    }
    assert counts.rows == 10
    run = ImportRun()
    run.take_counts(counts)
    run.add_counts(RunCounts(rejected=1))
    assert (run.processed, run.rejected, run.accounted) == (11, 3, True)
    run.processed += 1  # a row read but counted nowhere
    assert not run.accounted


@pytest.mark.parametrize(
    ("status", "total", "processed", "percent"),
    [
        (RunStatus.QUEUED, 0, 0, 0),  # nothing known yet
        (RunStatus.RUNNING, 200, 50, 25),
        (RunStatus.RUNNING, 200, 250, 100),
        (RunStatus.DONE, 0, 0, 100),  # an empty file is done
        (RunStatus.INTERRUPTED, 200, 50, 25),
    ],
)
def test_percent_is_rows_processed_of_rows(status, total, processed, percent):
    run = ImportRun(status=status, total=total, processed=processed)
    assert run.percent == percent
    assert run.finished is (status not in (RunStatus.QUEUED, RunStatus.RUNNING))


def test_the_task_is_queued_when_the_transaction_commits(db, django_capture_on_commit_callbacks):
    run = catalog_run()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            run_enqueue(run, TASK)
            assert DONE == []  # not before the commit: the worker could not find the run
    assert len(callbacks) == 1
    assert DONE == [run.pk]
    run.refresh_from_db()
    assert len(run.task_id) == 32  # the immediate backend's id
    assert run.status == RunStatus.QUEUED  # the task itself moves it on


@transaction.atomic
def enqueue_then_fail(run: ImportRun) -> None:
    run_enqueue(run, TASK)
    raise RuntimeError("the request failed")


def test_nothing_is_queued_when_the_transaction_rolls_back(db, django_capture_on_commit_callbacks):
    run = catalog_run()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError, match="request failed"):
            enqueue_then_fail(run)
    assert (callbacks, DONE) == ([], [])
    run.refresh_from_db()
    assert run.task_id == ""


def test_a_task_that_cannot_be_queued_fails_the_run(db, django_capture_on_commit_callbacks):
    run = catalog_run()
    with django_capture_on_commit_callbacks(execute=True):
        run_enqueue(run, "edcluster.core.tests.test_runs.no_such_task")
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.finished_at is not None
    assert run.message.startswith("The work could not be queued:")


def test_a_task_that_fails_at_once_fails_its_run_but_not_a_finished_one(
    db, django_capture_on_commit_callbacks
):
    working, done = catalog_run(status=RunStatus.RUNNING), catalog_run(status=RunStatus.DONE)
    with django_capture_on_commit_callbacks(execute=True):
        run_enqueue(working, FAILING)
        run_enqueue(done, FAILING)
    working.refresh_from_db()
    done.refresh_from_db()
    assert (working.status, working.message) == (
        RunStatus.FAILED,
        "The work failed: builtins.RuntimeError",
    )
    assert done.status == RunStatus.DONE
    assert done.message == "The work failed: builtins.RuntimeError"


def test_a_run_stopped_while_it_works_is_interrupted(db):
    run = catalog_run(status=RunStatus.RUNNING)
    with pytest.raises(KeyboardInterrupt), interrupted_on_stop(run):
        raise KeyboardInterrupt
    run.refresh_from_db()
    assert (run.status, run.finished) == (RunStatus.INTERRUPTED, True)
    with pytest.raises(ValueError, match="bad row"), interrupted_on_stop(run):
        raise ValueError("bad row")  # an error is not a stop: the run's code fails it
    queued = catalog_run()
    with pytest.raises(SystemExit), interrupted_on_stop(queued):
        raise SystemExit
    queued.refresh_from_db()
    assert queued.status == RunStatus.QUEUED  # only a working run is interrupted


def progress(run) -> str:
    return render_to_string("core/run_progress.html", {"run": run, "failed": "Broken:"})


@pytest.mark.parametrize("kind", ["catalog", "demand"])
def test_the_progress_partial_polls_while_the_run_works(db, kind):
    run: Run
    if kind == "catalog":
        run = catalog_run(status=RunStatus.RUNNING, total=10, processed=4, created=4)
        url = f"/en/catalog/import/{run.pk}/"
    else:
        run = IngestRun.objects.create(
            source="hh",
            format="csv",
            status=RunStatus.RUNNING,
            processed=4,
            created=4,
            size=100,
            position=40,
        )
        url = f"/en/demand/runs/{run.pk}/"
    working = progress(run)
    assert f'hx-get="{url}"' in working
    assert 'value="40"' in working  # 4 of 10 rows, 40 of 100 bytes
    run.status = RunStatus.DONE
    run.errors = [{"line": 3, "field": "title", "reason": "Required."}]
    done = progress(run)
    assert "hx-get" not in done
    assert "<progress" not in done
    assert "<td>3</td><td>title</td><td>Required.</td>" in done
    run.status, run.message = RunStatus.FAILED, "not UTF-8"
    assert "Broken: not UTF-8" in progress(run)


def test_each_kind_names_its_counts(db):
    preview = catalog_run(status=RunStatus.DONE, total=3, processed=3, created=2, rejected=1)
    assert "<th>Would be created</th><td>2</td>" in progress(preview)
    ingestion = IngestRun(
        pk=1,
        source="hh",
        format="api",
        status=RunStatus.DONE,
        created=5,
        duplicates=2,
        extract=True,
        to_extract=5,
        extracted=5,
    )
    shown = progress(ingestion)
    assert "<th>Inserted</th><td>5</td>" in shown
    assert "<th>Duplicates</th><td>2</td>" in shown
    assert "<th>Skills extracted</th><td>5 / 5</td>" in shown
    ingestion.extracted = 3  # extracting still: the page keeps polling
    assert "hx-get" in progress(ingestion)
