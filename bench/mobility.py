"""Mobility at scale, on SQLite and PostgreSQL (issue 20).

    python bench/mobility.py [--scale S] [--requests N]  # every database
    python bench/mobility.py --database-url URL          # one
    python bench/mobility.py --scale 0.1                 # a quick run at a tenth

Each run starts from an empty database (`--reuse` measures the one a previous run left) and
stores, in bulk: 10 members hosting 20 intakes, 50,000 applicants with their profiles and
50,000 applications over every stage (six citizenships, two of them visa-free), 500,000 stage
changes (ten a case), 200,000 documents (four a case; their metadata: the file bytes are not
what the pages read) and the chain records of the cases past a decision. Then, through
Django's test client: the office queue (`/en/mobility/cases/`, all stages and one) as a host's
editor and as an operator, the operators' flows by country (`/en/mobility/flows/`, all time and
a year), the dashboard (`/en/mobility/dashboard/`, all time and an academic year, as an
operator and as a host's editor) and `/api/mobility/stats`, the deadline board, and 100
applicants' status pages each read by its applicant; the daily deadline scan
(`deadlines_remind`, as `mobility_deadlines` runs it) twice, the second sending nothing.
Targets: queue and dashboard p95 ≤ 100 ms, status page p95 ≤ 50 ms, the scan ≤ 5 s.
"""

import argparse
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from common import django_for, exists, percentile, recreate, targets

APPLICATIONS, MEMBERS, INTAKES, CHANGES_PER_CASE = 50_000, 10, 20, 10
NOW = datetime(2026, 12, 1, tzinfo=UTC)
TODAY = NOW.date()
CITIZENSHIPS = ["CN", "CN", "IN", "ID", "VN", "KZ", "UZ"]
DOCUMENT_KINDS = ("passport", "education", "motivation", "insurance")
CPU: list[float] = []


def store(objects: list) -> list:
    """Keys given, then one COPY (PostgreSQL) or executemany (SQLite): no per-row INSERT."""
    from edcluster.core.bulk import assign_keys, bulk_insert, model_rows

    if objects:
        assign_keys(objects)
        columns, rows = model_rows(objects)
        # A country field's value is a `Country`, which COPY cannot adapt: its code.
        rows = [tuple(plain(value) for value in row) for row in rows]
        bulk_insert(type(objects[0]), columns, rows)
    return objects


def plain(value):
    from django_countries.fields import Country

    return str(value) if isinstance(value, Country) else value


def build_intakes() -> list:
    from edcluster.catalog.models import Offering, Product
    from edcluster.mobility.models import Intake
    from edcluster.organizations.models import Organization

    stamps = {"created_at": NOW, "updated_at": NOW}
    members = Organization.objects.bulk_create(
        Organization(
            slug=f"member-{i}", name_en=f"Member university {i}", name_ru=f"Университет {i}",
            kind="university", status="admitted", search_text=f"member university {i}", **stamps,
        )
        for i in range(MEMBERS)
    )  # fmt: skip
    products = Product.objects.bulk_create(
        Product(
            slug=f"bench-programme-{i}", kind="master", title_en=f"Programme {i}",
            title_ru=f"Программа {i}", status="published", **stamps,
        )
        for i in range(INTAKES)
    )  # fmt: skip
    offerings = Offering.objects.bulk_create(
        # Two academic years of runs (2026/2027 and 2027/2028), each member one intake in
        # each (intake i is member i % 10's): a year is half of every member's cases.
        Offering(
            product=product,
            starts_on=date(2026 + i // 10, 9, 1),
            ends_on=date(2027 + i // 10, 6, 30),
        )
        for i, product in enumerate(products)
    )
    return Intake.objects.bulk_create(
        Intake(
            offering=offering, host=members[i % MEMBERS], deadline=TODAY + timedelta(days=60),
            places=5_000, scholarship_places=50, tuition=Decimal("280000"), **stamps,
        )
        for i, offering in enumerate(offerings)
    )  # fmt: skip


def build_people(rng: random.Random, count: int) -> tuple[list, list]:
    from edcluster.accounts.models import User
    from edcluster.mobility.models import ApplicantProfile

    users = store(
        [
            User(email=f"applicant{i}@bench.example", password="!", is_applicant=True,
                 date_joined=NOW)
            for i in range(count)
        ]
    )  # fmt: skip
    profiles = store(
        [
            ApplicantProfile(
                user=user, passport_name=f"APPLICANT {i}", citizenship=rng.choice(CITIZENSHIPS),
                birth_date=date(2000, 1, 1) + timedelta(days=i % 2000), sex="fm"[i % 2],
                passport_number=f"P{i:08d}", passport_expires=date(2032, 1, 1),
                created_at=NOW, updated_at=NOW,
            )
            for i, user in enumerate(users)
        ]
    )  # fmt: skip
    return users, profiles


def case_of(rng: random.Random, user, profile, intake):
    """An application at a random stage, with its path of stages to get there."""
    from edcluster.mobility.models import Application, Stage
    from edcluster.mobility.pipeline import MAIN_PATH, VISA_STAGES

    visa = str(profile.citizenship) not in ("KZ", "UZ")
    path = [stage for stage in MAIN_PATH if visa or stage not in VISA_STAGES]
    stage = rng.choice([*path, Stage.WITHDRAWN, Stage.CANCELLED])
    walked = path[: path.index(stage) + 1] if stage in path else [*path[:2], stage]
    past_arrival = Stage.ARRIVED in walked
    arrival = TODAY + timedelta(days=rng.randint(-40, -1) if past_arrival else rng.randint(20, 150))
    decided = Stage.DECIDED in walked
    application = Application(
        applicant=user, intake=intake, host_id=intake.host_id, category="degree",
        citizenship=profile.citizenship, planned_arrival=arrival,
        planned_departure=arrival + timedelta(days=300), stage=stage,
        stage_since=NOW - timedelta(days=rng.randint(0, 200)),
        decision="accepted" if decided else "", decision_reason="meets" if decided else "",
        left_stage=walked[-2] if stage in (Stage.WITHDRAWN, Stage.CANCELLED) else "",
        created_at=NOW - timedelta(days=rng.randint(0, 700)), updated_at=NOW,
    )  # fmt: skip
    return application, walked


def build_cases(rng: random.Random, count: int) -> None:
    from edcluster.mobility.models import Arrival, Document, Registration, StageChange, Visa

    intakes = build_intakes()
    users, profiles = build_people(rng, count)
    walks = [
        case_of(rng, user, profile, intakes[i % INTAKES])
        for i, (user, profile) in enumerate(zip(users, profiles, strict=True))
    ]
    applications = store([application for application, _walked in walks])
    changes: list = []
    documents: list = []
    chain: dict[str, list] = {"visa": [], "arrival": [], "registration": []}
    for application, walked in walks:
        stages = (walked * CHANGES_PER_CASE)[:CHANGES_PER_CASE]
        # Moves spread over days before the case's last (0–30 days a stage), for days per stage.
        at = [application.stage_since]
        for _n in stages[1:]:
            at.insert(0, at[0] - timedelta(days=rng.randint(0, 30), hours=rng.randint(0, 23)))
        for n, stage in enumerate(stages):
            changes.append(
                StageChange(application=application, from_stage=stages[n - 1] if n else "",
                            to_stage=stage, at=at[n],
                            from_days=(at[n] - at[n - 1]).days if n else None)
            )  # fmt: skip
        for kind in DOCUMENT_KINDS:
            documents.append(
                Document(application=application, kind=kind, status="accepted",
                         file_name=f"{kind}.pdf", content_type="application/pdf", size=120_000,
                         uploaded_at=NOW, created_at=NOW, updated_at=NOW)
            )  # fmt: skip
        arrival = application.planned_arrival
        if "visa_issued" in walked:
            chain["visa"].append(
                Visa(application=application, valid_from=arrival - timedelta(days=5),
                     valid_to=arrival + timedelta(days=85), entries="single")
            )  # fmt: skip
        if "arrived" in walked:
            chain["arrival"].append(Arrival(application=application, border_date=arrival))
        if "registered" in walked:
            chain["registration"].append(
                Registration(application=application, address="Tomsk", receiving_party="Office",
                             registered_on=arrival + timedelta(days=3),
                             valid_until=arrival + timedelta(days=85))
            )  # fmt: skip
    batches: list[list] = [changes, documents, *chain.values(), stage_days(changes)]
    for batch in batches:
        for start in range(0, len(batch), 50_000):
            store(batch[start : start + 50_000])
    print(f"  {len(applications):,} cases, {len(changes):,} stage changes, "
          f"{len(documents):,} documents", flush=True)  # fmt: skip


def stage_days(changes: list) -> list:
    """The dashboard's summary of the moves' days per stage, as the moves' service keeps it."""
    from collections import Counter

    from edcluster.mobility.models import StageDays

    counts: Counter = Counter()
    for change in changes:
        if change.from_stage:
            case = change.application
            key = (case.host_id, case.intake_id, case.category, str(case.citizenship))
            counts[(*key, change.from_stage, change.from_days)] += 1
    return [
        StageDays(host_id=host, intake_id=intake, category=category, citizenship=citizenship,
                  stage=stage, days=days, moves=n)
        for (host, intake, category, citizenship, stage, days), n in counts.items()
    ]  # fmt: skip


def build(scale: float) -> None:
    from django.db import transaction

    from edcluster.mobility.demo import calendars_seed

    started = time.perf_counter()
    with transaction.atomic():
        calendars_seed()
        build_cases(random.Random(20), max(200, int(APPLICATIONS * scale)))
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)


def verdict(value: float, target: float) -> str:
    return f"target ≤ {target:g}: {'PASS' if value <= target else 'MISS'}"


def timed(client, paths: list[str]) -> list[float]:
    client.get(paths[0], secure=True)  # warm: templates compiled, sessions read
    timings, cpu = [], []
    for path in paths:
        began, began_cpu = time.perf_counter(), time.process_time()
        response = client.get(path, secure=True)
        timings.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
    CPU[:] = cpu
    return timings


def report(label: str, timings: list[float], target: float | None = None) -> None:
    p95 = percentile(timings, 0.95)
    line = (
        f"  {label}: n={len(timings)} p50={statistics.median(timings):.1f} ms "
        f"p95={p95:.1f} ms max={max(timings):.1f} ms (CPU p50 {statistics.median(CPU):.1f} ms)"
    )
    print(line + (f"  p95 {verdict(p95, target)} ms" if target else ""), flush=True)


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def measure_pages(requests: int) -> None:
    from edcluster.accounts.models import Membership, User
    from edcluster.mobility.models import Application
    from edcluster.organizations.models import Organization

    operator, _ = User.objects.get_or_create(
        email="bench-operator@example.org", defaults={"is_operator": True}
    )
    editor, made = User.objects.get_or_create(email="bench-editor@example.org")
    if made:
        member = Organization.objects.get(slug="member-0")
        Membership.objects.create(user=editor, organization=member, role="editor")
    for who, user in (("editor", editor), ("operator", operator)):
        client = client_for(user)
        for label, path in (
            ("office queue, all stages", "/en/mobility/cases/"),
            ("office queue, under review", "/en/mobility/cases/?stage=under_review"),
            ("office queue, page 20", "/en/mobility/cases/?page=20"),
        ):
            report(f"{label}, {who}", timed(client, [path] * requests), 100)
    operator_client = client_for(operator)
    for label, path in (
        ("flows by country, all time", "/en/mobility/flows/"),
        ("flows by country, 2026", "/en/mobility/flows/?since=2026-01-01"),
    ):
        report(label, timed(operator_client, [path] * requests), 100)
    measure_dashboard(requests, {"operator": operator_client, "editor": client_for(editor)})
    for who, user in (("editor", editor), ("operator", operator)):
        for label, path in (("", ""), (", due in 7 days", "?within=7"), (", page 5", "?page=5")):
            board = ["/en/mobility/cases/deadlines/" + path] * requests
            report(f"deadline board{label}, {who}", timed(client_for(user), board), 100)
    ids = list(Application.objects.order_by("pk").values_list("pk", "applicant_id"))
    sample = ids[:: max(1, len(ids) // 100)][:100]
    users = User.objects.in_bulk([applicant for _pk, applicant in sample])
    timings, cpu = [], []
    for pk, applicant in sample:
        timings += timed(client_for(users[applicant]), [f"/en/mobility/applications/{pk}/"])
        cpu += CPU
    CPU[:] = cpu
    report("applicant's status page", timings, 50)


def measure_dashboard(requests: int, clients: dict) -> None:
    """The dashboard (funnel, flows, days per stage, quotas), all time and one academic year
    (half of each member's intakes start in September 2027), as an operator (every member)
    and a host's editor (member-0's cases); and `GET /api/mobility/stats` for the operator."""
    for who, client in clients.items():
        for label, path in (
            ("all time", "/en/mobility/dashboard/"),
            ("2027/2028", "/en/mobility/dashboard/?year=2027%2F2028"),
        ):
            report(f"dashboard, {label}, {who}", timed(client, [path] * requests), 100)
    report("API stats, operator", timed(clients["operator"], ["/api/mobility/stats"] * requests))


def measure_scan() -> None:
    """Mails go to memory (EMAIL_BACKEND set for this process in `measure`); the scan queues
    them on the database task backend, and a worker (`db_worker --batch`) then sends them."""
    from django.core import mail
    from django.core.management import call_command

    from edcluster.mobility.services import deadlines_remind

    for run in ("first", "second"):
        began, cpu = time.perf_counter(), time.process_time()
        counts = deadlines_remind(today=TODAY)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        print(
            f"  daily deadline scan, {run} run: {counts['cases']:,} open cases, "
            f"{counts['recorded']:,} reminders recorded, {counts['queued']:,} queued "
            f"in {seconds:.2f} s (CPU {cpu:.2f} s)  {verdict(seconds, 5)} s",
            flush=True,
        )
        began, before = time.perf_counter(), len(getattr(mail, "outbox", []))
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
        sent = len(getattr(mail, "outbox", [])) - before
        seconds = time.perf_counter() - began
        print(f"    the worker mailed {sent:,} in {seconds:.2f} s", flush=True)


def measure(url: str, scale: float, requests: int, reuse: bool) -> None:
    if not (reuse and exists(url)):
        recreate(url)
    django_for(
        url,
        DEBUG="0",
        SECRET_KEY="bench",
        ALLOWED_HOSTS="testserver",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        TASKS_BACKEND="database",
    )
    from django.core.management import call_command
    from django.db import connection

    from edcluster.mobility.models import Application

    call_command("migrate", verbosity=0)
    if not Application.objects.exists():
        build(scale)
        if connection.vendor == "postgresql":  # as autovacuum would soon: plans need statistics
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    from edcluster.mobility.services.board import next_deadlines_store_all

    began = time.perf_counter()  # the rows were stored in bulk: their next deadlines too
    changed = next_deadlines_store_all(today=TODAY)
    print(f"  next deadlines stored: {changed:,} in {time.perf_counter() - began:.2f} s")
    measure_pages(requests)
    measure_scan()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="of 50,000 applications &c.")
    parser.add_argument("--requests", type=int, default=30, help="per measured address")
    parser.add_argument("--reuse", action="store_true", help="keep a database already built")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.database_url:
        print(f"mobility on {args.database_url.split(':', 1)[0]}", flush=True)
        measure(args.database_url, args.scale, args.requests, args.reuse)
        return
    status = 0
    for label, url in targets("mobility"):
        print(f"== mobility, {label}", flush=True)
        command = [sys.executable, __file__, "--database-url", url, "--scale", str(args.scale)]
        command += ["--requests", str(args.requests)] + (["--reuse"] if args.reuse else [])
        status |= subprocess.call(command)
    sys.exit(status)


if __name__ == "__main__":
    main()
