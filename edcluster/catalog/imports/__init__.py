"""Catalog import: files in, products created or updated, keyed by source system and external id.

A run (core.runs.Run) reads the whole file first (a file that cannot be read imports nothing),
then takes the rows in chunks of CHUNK, each chunk in one transaction, recording progress
between chunks. Every row ends in exactly one of created, updated, unchanged or rejected; a
preview (dry run) counts the same without writing. Re-running a file changes nothing.

The topics: reading (formats, the file's rows), rows (a row resolved against the catalog),
checking (a chunk's rows sorted and checked), writing (a chunk stored, on a writer thread on
PostgreSQL), lifecycle (a run started, confirmed, carried out).
"""

from edcluster.catalog.imports.lifecycle import (
    CHUNK,
    import_confirm,
    import_rows,
    import_run,
    import_start,
)
from edcluster.catalog.imports.reading import FORMATS, guess_format, source_of_own_records

__all__ = [
    "CHUNK",
    "FORMATS",
    "guess_format",
    "import_confirm",
    "import_rows",
    "import_run",
    "import_start",
    "source_of_own_records",
]
