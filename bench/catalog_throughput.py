"""A 50-item catalog page against a single-row endpoint, requests per second, one server.

    python bench/catalog_throughput.py [--seconds S]       # every database (the search bench's)
    python bench/catalog_throughput.py --database-url URL  # one

The server is granian in WSGI mode, as in production (`make serve`); the client is two
processes keeping their connections alive, on the same machine. Endpoints, alternated in rounds:
the single-row `GET /api/catalog/products/{slug}` and the list `GET /api/catalog/products?
page_size=50` (the first page of the published catalog, with its count).
Target (issue 3): the list at ≥ 60% of the single-row endpoint's requests per second.
"""

import argparse
import http.client
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, exists, targets

PORT = 8765


def _client(path: str, seconds: float, results) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    done, deadline = 0, time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        assert response.status == 200, response.status
        done += 1
    results.put(done)


def rate(path: str, seconds: float, clients: int = 2) -> float:
    results: multiprocessing.Queue = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(target=_client, args=(path, seconds, results))
        for _ in range(clients)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(results.get(timeout=5) for _ in workers) / seconds


def wait_for_port() -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


GRANIAN = ["--interface", "wsgi", "config.wsgi:application", "--host", "127.0.0.1"]
GRANIAN += ["--workers", "1", "--blocking-threads", "2", "--log-level", "warning"]


def measure(url: str, seconds: float) -> None:
    environment = os.environ | {
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "bench",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    newest = (
        "from edcluster.catalog.models import Product as P; print(P.objects.filter("
        "status='published').order_by('-pk').values_list('slug', flat=True)[0])"
    )
    slug = (
        subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", newest],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "granian"), *GRANIAN, "--port", str(PORT)],
        cwd=ROOT,
        env=environment,
    )
    try:
        wait_for_port()
        single, listing = f"/api/catalog/products/{slug}", "/api/catalog/products?page_size=50"
        rate(single, 1), rate(listing, 1)  # warm up
        singles, lists = [], []
        for _round in range(3):
            singles.append(rate(single, seconds))
            lists.append(rate(listing, seconds))
        one, many = statistics.median(singles), statistics.median(lists)
        print(
            f"  single row: {one:,.0f} req/s; list of 50: {many:,.0f} req/s "
            f"= {many / one:.0%} of the single row (median of 3 rounds of {seconds:g} s)"
        )
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.database_url:
        measure(args.database_url, args.seconds)
        return
    print("catalog list of 50 vs single row, granian WSGI (target: list ≥ 60% of single row)")
    for label, url in targets("search"):
        if not exists(url):
            print(
                f"{label}: skipped (bench/catalog_search.py builds the catalog first; "
                "make bench runs it before this one)"
            )
            continue
        print(f"{label}:", flush=True)
        measure(url, args.seconds)


if __name__ == "__main__":
    main()
