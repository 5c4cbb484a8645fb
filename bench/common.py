"""Shared set-up of the benchmarks: a fresh database of each kind, Django configured for it."""

import os
import socket
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the regions of the generated postings (demand analytics, matching recompute)
REGIONS = [
    "Томская область",
    "Новосибирская область",
    "Кемеровская область",
    "Омская область",
    "Алтайский край",
    "Красноярский край",
    "Иркутская область",
    "Москва",
]
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def postgres_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def targets(name: str) -> list[tuple[str, str]]:
    """(label, DATABASE_URL) of the databases to measure: SQLite always, PostgreSQL if it runs."""
    path = Path(tempfile.gettempdir()) / f"edcluster-bench-{name}.sqlite3"
    found = [("sqlite", f"sqlite:///{path}")]
    if postgres_reachable() or os.environ.get("BENCH_PG_URL"):
        found.append(("postgresql", PG_SERVER.rsplit("/", 1)[0] + f"/edcluster_bench_{name}"))
    return found


def recreate(url: str) -> None:
    """An empty database at the URL."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def exists(url: str) -> bool:
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///")).exists()
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        row = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def django_for(url: str, **environment: str) -> None:
    """Configure Django in this process for the database (call once, before importing models)."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.update(environment)
    import django

    django.setup()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def summary(label: str, milliseconds: list[float]) -> str:
    return (
        f"{label}: n={len(milliseconds)} p50={statistics.median(milliseconds):.1f} ms "
        f"p95={percentile(milliseconds, 0.95):.1f} ms p99={percentile(milliseconds, 0.99):.1f} ms "
        f"max={max(milliseconds):.1f} ms"
    )
