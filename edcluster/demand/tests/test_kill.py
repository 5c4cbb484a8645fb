"""A worker killed (SIGKILL) in the middle of an ingestion resumes without loss or double
counting. Runs the real command in other processes, on a database file of its own."""

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from django.conf import settings

from edcluster.demand.ingest import COLUMNS

ROWS = 60_000


def _manage(database: Path, *args: str) -> subprocess.Popen:
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.Popen(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _query(database: Path, sql: str) -> tuple | None:
    with closing(sqlite3.connect(database, timeout=5)) as connection:
        return connection.execute(sql).fetchone()


def _run_row(database: Path) -> tuple | None:
    return _query(
        database, "SELECT id, checkpoint, processed, created, status FROM demand_ingestrun"
    )


def test_a_killed_ingestion_resumes_without_loss_or_double_counting(tmp_path):
    database = tmp_path / "kill.sqlite3"
    assert _manage(database, "migrate", "-v0").wait(timeout=300) == 0
    path = tmp_path / "postings.csv"
    with path.open("w", encoding="utf-8", newline="") as opened:
        writer = csv.writer(opened)
        writer.writerow(COLUMNS)
        for i in range(ROWS):
            writer.writerow(
                [
                    f"id-{i}",
                    "Инженер",
                    f"Posting {i} " * 8,
                    "",
                    "Томская область",
                    "Томск",
                    "2026-11-01",
                    "",
                    "",
                    "",
                    "",
                ]
            )
    worker = _manage(database, "demand_ingest", str(path), "--source", "hh", "--no-extract", "-v0")
    deadline = time.monotonic() + 120
    row = None
    while time.monotonic() < deadline:
        try:
            row = _run_row(database)
        except sqlite3.OperationalError:
            row = None
        if row and 0 < row[1] < ROWS:
            break
        time.sleep(0.02)
    worker.send_signal(signal.SIGKILL)
    _out, problems = worker.communicate(timeout=30)
    row = _run_row(database)
    assert row is not None, problems
    run_id, checkpoint, rows, inserted, status = row
    assert 0 < checkpoint < ROWS, f"the worker was not stopped mid-run: {problems[-2000:]}"
    assert status == "running"
    assert rows == inserted == checkpoint  # the counters are those of the whole batches
    assert _query(database, "SELECT COUNT(*) FROM demand_jobposting") == (rows,)
    resumed = _manage(
        database, "demand_ingest", str(path), "--source", "hh", "--resume", str(run_id), "-v0"
    )
    out, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err
    final = _run_row(database)
    assert final is not None
    _id, checkpoint, rows, inserted, status = final
    assert (checkpoint, rows, inserted, status) == (ROWS, ROWS, ROWS, "done")
    stored = _query(database, "SELECT COUNT(*), COUNT(DISTINCT external_id) FROM demand_jobposting")
    assert stored == (ROWS, ROWS)
