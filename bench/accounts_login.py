"""Sign-in throttling: how fast one address can try passwords before the pause starts, that the
pause is one account's from one address only, and what a password spray across accounts costs.

Run by `make bench` (each database in its own process):
    python bench/accounts_login.py                        # every database
    python bench/accounts_login.py --database-url URL     # one
Issue 16, item 2: throttle per (account, address) pair with a growing delay; never refuse a
correct password from an address that has not failed for that account.
"""

import argparse
import subprocess
import sys
import time

from common import django_for, recreate, targets

PASSWORD = "Correct-horse-battery-2026"
LOGIN = "/en/accounts/login/"


def attempt(client, email: str, password: str, address: str) -> int:
    """One sign-in through the page (Django's test client: everything but the network)."""
    # secure: production settings redirect plain HTTP to HTTPS before any view runs
    answer = client.post(
        LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address, secure=True
    )
    return answer.status_code


def measure(url: str, accounts: int) -> None:
    recreate(url)
    # The real password hasher (Argon2), as in production; the cache is the database table.
    django_for(url, DEBUG="0", SECRET_KEY="bench-" + "x" * 50, ALLOWED_HOSTS="testserver")
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from edcluster.accounts.models import User

    call_command("migrate", verbosity=0)
    cache.clear()
    emails = [f"person{n}@bench.example" for n in range(accounts)]
    for email in emails:
        User.objects.create_user(email=email, password=PASSWORD)
    client = Client()

    # One account, one address: wrong passwords until the answer changes to the pause.
    from edcluster.accounts.services import login_wait_seconds

    started, tries = time.perf_counter(), 0
    while tries < 50:
        tries += 1
        attempt(client, emails[0], "wrong password", "203.0.113.7")
        if login_wait_seconds(email=emails[0], address="203.0.113.7"):
            break
    seconds = time.perf_counter() - started
    print(
        f"  one account from one address: {tries} wrong passwords in {seconds:.2f} s "
        f"({tries / seconds:.1f} attempts/s) before the first pause of "
        f"{login_wait_seconds(email=emails[0], address='203.0.113.7')} s"
    )
    # During that pause the right password from another address, and another account from the
    # same address, still sign in.
    other_address = attempt(Client(), emails[0], PASSWORD, "198.51.100.4")
    other_account = attempt(Client(), emails[1], PASSWORD, "203.0.113.7")
    paused = attempt(Client(), emails[0], PASSWORD, "203.0.113.7")
    print(
        f"  during the pause: right password from another address -> {other_address}, "
        f"another account from the same address -> {other_account} (302 = signed in), "
        f"the paused pair -> {paused} (200 = the form again)"
    )
    # A spray: one wrong password for every other account, from one address.
    started = time.perf_counter()
    for email in emails[2:]:
        attempt(client, email, "wrong password", "203.0.113.9")
    seconds = time.perf_counter() - started
    sprayed = len(emails) - 2
    print(
        f"  spray from one address: {sprayed} accounts once each in {seconds:.2f} s "
        f"({sprayed / seconds:.1f} attempts/s, each audited; no pause: no pair failed twice)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url")
    parser.add_argument("--accounts", type=int, default=22)
    options = parser.parse_args()
    if options.database_url:
        measure(options.database_url, options.accounts)
        return
    for label, url in targets("login"):
        print(f"{label}:")
        sys.stdout.flush()
        subprocess.run(
            [sys.executable, __file__, "--database-url", url, "--accounts", str(options.accounts)],
            check=True,
        )


if __name__ == "__main__":
    main()
