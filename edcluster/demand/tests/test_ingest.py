import csv
import json

import pytest
from django.utils import translation

from edcluster.core.counts import COUNTERS
from edcluster.demand.ingest import COLUMNS, ingest_records, ingest_run, ingest_start
from edcluster.demand.models import IngestRun, JobPosting

GOOD = {
    "title": "Python developer",
    "employer": "Acme",
    "region": "Томская область",
    "city": "Томск",
    "posted_at": "2026-10-01",
    "salary_from": "100000",
    "salary_to": "150 000",
    "currency": "rub",
    "url": "https://example.org/1",
}


def write_csv(path, rows, columns=COLUMNS):
    with path.open("w", encoding="utf-8", newline="") as opened:
        writer = csv.DictWriter(opened, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def ingest(path, source="hh", **options):
    run = ingest_start(actor=None, source=source, path=path, **options)
    return ingest_run(run=run) if run.status != IngestRun.Status.FAILED else run


def accounted(run):
    return (
        run.processed == run.created + run.updated + run.unchanged + run.duplicates + run.rejected
    )


def test_rows_are_accounted_for_and_a_rerun_inserts_nothing(db, tmp_path):
    rows = [
        {**GOOD, "external_id": "1", "text": "We need Python and SQL."},
        {**GOOD, "external_id": "2", "text": "Нужен инженер-химик."},
        {**GOOD, "external_id": "3", "text": "  we need PYTHON and sql.  "},  # same text as 1
        {**GOOD, "external_id": "4", "title": "", "text": "No title"},
        {**GOOD, "external_id": "5", "text": "Bad date", "posted_at": "01.10.2026"},
        {**GOOD, "external_id": "6", "text": "Bad pay", "salary_from": "a lot"},
        {**GOOD, "external_id": "7", "text": "x" * 10_000_000},  # a 10 MB field
        {
            **GOOD,
            "external_id": "8",
            "text": "Pay upside down",
            "salary_from": "9",
            "salary_to": "1",
        },
        {**GOOD, "external_id": "9", "text": "Odd money", "currency": "rubles"},
    ]
    path = write_csv(tmp_path / "postings.csv", rows)
    run = ingest(path, extract=False)
    assert (run.processed, run.created, run.duplicates, run.rejected) == (9, 2, 1, 6)
    assert accounted(run)
    assert run.status == IngestRun.Status.DONE
    assert [(e["line"], e["field"]) for e in run.errors] == [
        (5, "title"),
        (6, "posted_at"),
        (7, "salary_from"),
        (8, "text"),
        (9, "salary_to"),
        (10, "currency"),
    ]
    assert "10,000,000" in run.errors[3]["reason"]
    stored = JobPosting.objects.get(external_id="1")
    assert stored.posted_at is not None
    assert (stored.currency, str(stored.salary_to), stored.posted_at.isoformat()) == (
        "RUB",
        "150000.00",
        "2026-10-01",
    )
    again = ingest(path, extract=False)
    assert (again.created, again.updated, again.unchanged, again.duplicates) == (0, 0, 2, 1)
    assert accounted(again)
    assert JobPosting.objects.count() == 2
    rows[1]["title"] = "Инженер-химик (ведущий)"
    changed = ingest(write_csv(tmp_path / "changed.csv", rows), extract=False)
    assert (changed.updated, changed.unchanged) == (1, 1)
    assert JobPosting.objects.get(external_id="2").title == "Инженер-химик (ведущий)"


def test_json_lines_report_broken_lines(db, tmp_path):
    path = tmp_path / "postings.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"external_id": 1, "title": "Chemist", "text": "Analyses samples."}),
                '{"external_id": 2, "title": "broken",',
                "[1, 2]",
                "",
                json.dumps({"external_id": "3", "title": "Teacher", "text": "Teaches physics."}),
            ]
        ),
        encoding="utf-8",
    )
    run = ingest(path, extract=False)
    assert (run.processed, run.created, run.rejected) == (4, 2, 2)
    assert [(e["line"], e["field"]) for e in run.errors] == [(2, "line"), (3, "line")]
    assert "JSON" in run.errors[0]["reason"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("external_id,title,text\n1,Инженер,Текст\n".encode("cp1251"), "UTF-8"),
        (b"external_id,title\n1,Engineer\n", "text"),
        (b"", "empty"),
        (b"external_id,title,text,title\n1,a,b,c\n", "twice"),
    ],
)
def test_a_file_that_cannot_be_ingested_writes_nothing(db, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with translation.override("en"):
        run = ingest(path)
    assert run.status == IngestRun.Status.FAILED
    assert message in run.message
    assert JobPosting.objects.count() == 0


def test_extra_columns_are_named_and_ignored(db, tmp_path):
    path = write_csv(
        tmp_path / "p.csv",
        [{"external_id": "1", "title": "A", "text": "B", "salary": "5"}],
        columns=["external_id", "title", "text", "salary"],
    )
    run = ingest(path, extract=False)
    assert run.created == 1
    assert "salary" in run.message


def test_a_stopped_run_resumes_from_its_last_whole_batch(db, tmp_path, monkeypatch):
    from edcluster.demand import ingest as module

    monkeypatch.setattr(module, "BATCH", 10)
    rows = [{"external_id": str(i), "title": "T", "text": f"posting {i}"} for i in range(35)]
    path = write_csv(tmp_path / "p.csv", rows)
    run = ingest_start(actor=None, source="hh", path=path, extract=False)
    calls = {"n": 0}
    real = module._commit

    def crash_on_third(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # the worker dies inside its third batch
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "_commit", crash_on_third)
    with pytest.raises(KeyboardInterrupt):
        ingest_run(run=run)
    run.refresh_from_db()
    assert (run.checkpoint, run.processed, run.created) == (20, 20, 20)
    assert JobPosting.objects.count() == 20
    monkeypatch.setattr(module, "_commit", real)
    run = ingest_run(run=run)
    assert (run.processed, run.created, run.status) == (35, 35, IngestRun.Status.DONE)
    assert JobPosting.objects.count() == 35


def test_api_batches_are_idempotent_by_key(db, operator):
    records = [
        {"external_id": "a", "title": "T", "text": "one"},
        {"external_id": "b", "title": "", "text": "two"},
    ]
    run, repeated = ingest_records(
        actor=operator, source="api", records=records, key="k1", extract=False
    )
    assert (repeated, run.created, run.rejected) == (False, 1, 1)
    assert [(e["line"], e["field"]) for e in run.errors] == [(2, "title")]
    same, repeated = ingest_records(actor=operator, source="api", records=records, key="k1")
    assert (repeated, same.pk) == (True, run.pk)
    assert JobPosting.objects.count() == 1


def test_the_hash_migration_computes_what_ingestion_stores(db, operator):
    """Postings stored before 0003 get the keys a re-run of their file compares with."""
    import importlib

    from django.apps import apps as django_apps

    migration = importlib.import_module("edcluster.demand.migrations.0003_posting_hashes_64bit")
    ingest_records(
        actor=operator,
        source="hh",
        extract=False,
        records=[
            {
                "external_id": "1",
                "title": "Chemist",
                "text": "Analyses  SAMPLES.",
                "posted_at": "2026-01-02",
                "salary_from": "1000",
                "salary_to": "2000,5",
                "currency": "rub",
            },
            {"external_id": "2", "title": "Welder", "text": "Welds."},
        ],
    )
    stored = dict(JobPosting.objects.values_list("external_id", "content_hash"))
    texts = dict(JobPosting.objects.values_list("external_id", "text_hash"))
    JobPosting.objects.update(text_hash=0, content_hash=0)
    migration.recompute(django_apps, None)
    assert dict(JobPosting.objects.values_list("external_id", "content_hash")) == stored
    assert dict(JobPosting.objects.values_list("external_id", "text_hash")) == texts
    assert 0 not in stored.values()


def test_ids_holding_the_lookup_separator_are_still_recognised(db, operator):
    records = [
        {"external_id": "a\x1fb", "title": "Chemist", "text": "Analyses."},
        {"external_id": "c", "title": "Welder", "text": "Welds."},
    ]
    first, _ = ingest_records(actor=operator, source="hh", records=records, extract=False)
    again, _ = ingest_records(actor=operator, source="hh", records=records, extract=False)
    assert (first.created, again.created, again.unchanged) == (2, 0, 2)


def test_a_large_file_read_by_the_reader_process_counts_the_same(
    db, tmp_path, monkeypatch, settings
):
    """The reader process (for large files) and this process reading alone give the same
    accounting, rejected rows (in the run's language) and postings; a resumed run skips what
    the checkpoint says in the reader too."""
    from edcluster.demand import ingest as module

    rows = [
        {
            "external_id": str(i),
            "title": "T",
            "text": f"posting {i}",
            "posted_at": "2026-02-30" if i % 7 == 0 else "2026-02-03",
        }
        for i in range(120)
    ]
    rows.append({"external_id": "5", "title": "T", "text": "posting 5"})  # a later version
    path = write_csv(tmp_path / "p.csv", rows)
    monkeypatch.setattr(module, "BATCH", 20)
    monkeypatch.setattr(module, "LEAD", 2)  # this process reads 40 rows, the reader the rest
    settings.DEMAND_INGEST_READER_BYTES = 0
    with translation.override("ru"):
        parallel = ingest(path, extract=False)
    stored = sorted(JobPosting.objects.values_list("external_id", "text_hash", "content_hash"))
    JobPosting.objects.all().delete()
    settings.DEMAND_INGEST_READER_BYTES = 10**12
    with translation.override("ru"):
        alone = ingest(path, extract=False)
    fields = ("processed", *COUNTERS, "checkpoint")
    assert [getattr(parallel, f) for f in fields] == [getattr(alone, f) for f in fields]
    assert (parallel.processed, parallel.rejected, parallel.updated) == (121, 18, 1)
    assert parallel.errors == alone.errors
    assert parallel.errors[0]["line"] == 2
    assert parallel.errors[0]["reason"] == "Укажите дату в виде 2026-11-28."
    assert stored == sorted(
        JobPosting.objects.values_list("external_id", "text_hash", "content_hash")
    )
    # resuming after 60 records: the reader skips them
    settings.DEMAND_INGEST_READER_BYTES = 0
    JobPosting.objects.all().delete()
    run = ingest_start(actor=None, source="hh", path=path, extract=False)
    IngestRun.objects.filter(pk=run.pk).update(checkpoint=60)
    run.refresh_from_db()
    resumed = ingest_run(run=run)
    assert (resumed.checkpoint, resumed.processed) == (121, 61)
    assert JobPosting.objects.filter(external_id="71").exists()
    assert not JobPosting.objects.filter(external_id="59").exists()


def test_a_reader_process_that_fails_says_why(db, tmp_path):
    from edcluster.demand.ingest_reader import ReaderProcess

    path = write_csv(tmp_path / "p.csv", [{"external_id": "1", "title": "T", "text": "x"}])
    run = ingest_start(actor=None, source="hh", path=path, extract=False)
    path.unlink()  # gone before the reader opens it
    reader = ReaderProcess(run, skip=0, batch_size=10)
    try:
        with pytest.raises(RuntimeError, match="FileNotFoundError"):
            list(reader)
    finally:
        reader.close()


def test_texts_with_tabs_newlines_and_backslashes_are_stored_as_sent(
    db, tmp_path, settings, monkeypatch
):
    """Through the reader process and without it (COPY's text format escapes these)."""
    from edcluster.demand import ingest as module

    monkeypatch.setattr(module, "BATCH", 10)
    monkeypatch.setattr(module, "LEAD", 1)  # 10 rows here, the other 20 from the reader
    text = "Line one\twith a tab\nline two \\ backslash \\N\r\nend"
    rows = [
        {
            "external_id": str(i),
            "title": f"T\t{i}",
            "text": f"{text} {i}",
            "employer": "\\N",
            "posted_at": "2026-01-0" + str(1 + i % 9),
        }
        for i in range(30)
    ]
    path = write_csv(tmp_path / "p.csv", rows)
    for threshold in (0, 10**12):
        settings.DEMAND_INGEST_READER_BYTES = threshold
        run = ingest(path, source=f"s{threshold}", extract=False)
        assert run.created == 30 or run.duplicates == 30  # the second source repeats texts
    posting = JobPosting.objects.get(source="s0", external_id="7")
    assert (posting.title, posting.text, posting.employer) == ("T\t7", f"{text} 7", "\\N")
    assert str(posting.posted_at) == "2026-01-08"


def test_the_reader_process_reads_without_setting_django_up(tmp_path):
    """The reader imports the row checks alone: no settings, no models (setting Django up cost
    the reader 1.5 s of CPU, an eighth of a 200,000-row run), and still refuses what it must."""
    import subprocess
    import sys

    from django.conf import settings as django_settings

    rows = [
        {"external_id": "1", "title": "T", "text": "x"},
        {"external_id": "2", "title": "", "text": "y"},
    ]
    path = write_csv(tmp_path / "p.csv", rows)
    script = (
        "import sys, edcluster.demand.ingest_reader as r\n"
        f"code = r.main({str(path)!r}, 'csv', '0', '1000', '10')\n"
        "assert not {'django.conf', 'django.db.models'} & set(sys.modules), 'Django set up'\n"
        "sys.exit(code)\n"
    )
    environment = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(django_settings.BASE_DIR)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, env=environment)
    assert done.returncode == 0, done.stderr.decode()
    data = done.stdout
    length = int.from_bytes(data[:8], "big")
    from edcluster.demand.posting_rows import Prepared

    batch = Prepared.unpack(data[8 : 8 + length])
    assert (batch.size, batch.tally.rejected, list(batch.rows)) == (2, 1, ["1"])
    assert batch.errors == [(3, "title", "Required.", None)]


def test_deleting_a_run_clears_its_postings_reference(db, operator):
    """The run reference has no database constraint (it cost every inserted row a check): the
    ORM still keeps it, so a deleted run leaves no posting pointing at it."""
    records = [{"external_id": "1", "title": "T", "text": "x"}]
    run, _repeated = ingest_records(actor=operator, source="hh", records=records, extract=False)
    assert JobPosting.objects.get().run_id == run.pk
    run.delete()
    assert JobPosting.objects.get().run_id is None
