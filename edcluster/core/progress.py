"""A text progress bar for management commands: `[#####.....]  50% 500/1000 rows`."""

import sys
from typing import TextIO


def text_bar(done: int, total: int, unit: str, stream: TextIO | None = None, width: int = 30):
    out = stream or sys.stderr
    percent = 100 * done // total if total else 100
    filled = width * percent // 100
    out.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {percent:3d}% {done}/{total} {unit}")
    if done >= total:
        out.write("\n")
    out.flush()
