"""Catalog import: files in, products created or updated, keyed by source system and external id.

A run (core.runs.Run) reads the whole file first, streaming, to count its rows (a file that
cannot be read, or is past the limits, imports nothing), then takes the rows in chunks of
CHUNK, each chunk in one transaction with the run's progress, so that an interrupted run
resumes where its last committed chunk ended. Every row ends in exactly one of created,
updated, unchanged or rejected; a preview (dry run) counts the same without writing.
Re-running a file changes nothing.

The topics: reading (formats, the file's rows), rows (a row resolved against the catalog),
checking (a chunk's rows sorted and checked), writing (a chunk stored, on a writer thread on
PostgreSQL), lifecycle (a run started, confirmed, carried out, resumed), files (uploads read
within the limit, and removed after CATALOG_IMPORT_KEEP_DAYS).
"""

from edcluster.catalog.imports.files import import_files_purge
from edcluster.catalog.imports.lifecycle import (
    CHUNK,
    import_confirm,
    import_resume,
    import_retry,
    import_rows,
    import_run,
    import_start,
    resumable,
)
from edcluster.catalog.imports.reading import FORMATS, guess_format, source_of_own_records

__all__ = [
    "CHUNK",
    "FORMATS",
    "guess_format",
    "import_confirm",
    "import_files_purge",
    "import_resume",
    "import_retry",
    "import_rows",
    "import_run",
    "import_start",
    "resumable",
    "source_of_own_records",
]
