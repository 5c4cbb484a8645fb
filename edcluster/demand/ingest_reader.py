"""Reading and checking a postings file in a second process, while the ingesting process
stores the batches it hands over (two cores: a row's checks cost about what storing it does).

The reader is `python -m edcluster.demand.ingest_reader PATH FORMAT SKIP SIZE BATCH`: it
writes each checked batch to its standard output as an 8-byte length and the batch's bytes
(Prepared.pack), then a zero length. It never touches the database; the ingesting process alone
commits, with the run's checkpoint, so a run killed anywhere still resumes exactly (the reader's
next write then fails and it ends). A new interpreter rather than a fork, because a fork of a
threaded web or task process could inherit a lock another thread held, and rather than
multiprocessing's spawn, which runs the parent's main script again in the child. It imports
only edcluster.demand.posting_rows, without setting Django up (1.5 s of CPU saved per run).
"""

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

LENGTH = 8


def main(path: str, format: str, skip: str, size: str, batch_size: str) -> int:
    from edcluster.demand.posting_rows import read_batches

    out = sys.stdout.buffer
    try:
        for batch in read_batches(path, format, int(skip), int(size), int(batch_size)):
            data = batch.pack()
            out.write(len(data).to_bytes(LENGTH, "big"))
            out.write(data)
        out.write(bytes(LENGTH))
        out.flush()
    except BrokenPipeError:  # the ingesting process is gone: nothing to do
        return 1
    return 0


class ReaderProcess:
    """The run's prepared batches after the first `skip` records, read ahead by the reader,
    which starts at once (it takes about a second to set Django up). Iterate, then close (also
    when stopping early: the process is ended)."""

    def __init__(self, run, *, skip: int, batch_size: int) -> None:
        from django.conf import settings

        root = str(Path(settings.BASE_DIR))
        environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
        }
        self.errors = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "edcluster.demand.ingest_reader",
                run.path,
                run.format,
                str(skip),
                str(run.size),
                str(batch_size),
            ],
            stdout=subprocess.PIPE,
            stderr=self.errors,
            stdin=subprocess.DEVNULL,
            cwd=root,
            env=environment,
        )

    def __iter__(self) -> Iterator:
        from edcluster.demand.posting_rows import Prepared

        stream = self.process.stdout
        assert stream is not None
        while True:
            head = stream.read(LENGTH)
            length = int.from_bytes(head, "big") if len(head) == LENGTH else -1
            if length == 0:
                return
            data = stream.read(length) if length > 0 else b""
            if length < 0 or len(data) != length:
                self.process.wait()
                self.errors.seek(0)
                told = self.errors.read().decode(errors="replace")[-3000:]
                raise RuntimeError(f"Reading the file failed:\n{told}")
            yield Prepared.unpack(data)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()
        self.errors.close()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
