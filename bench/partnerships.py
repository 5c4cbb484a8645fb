"""Partners map, agreement pages and IIA export at scale, on SQLite and PostgreSQL (issue 19).

    python bench/partnerships.py [--scale S] [--requests N]  # every database
    python bench/partnerships.py --database-url URL          # one
    python bench/partnerships.py --scale 0.1                 # a quick run at a tenth

Each run starts from an empty database (`--reuse` measures the one a previous run left, when
its scale matches) and stores, in bulk: 30 members, 5,000 foreign partners (SCHAC ids, a fifth
with a unit, a contact each; 60 % in Asia-Pacific), 20,000 agreements in every status (two or,
one in ten, three parties; a tenth amended, so two versions; both sides' signatures where
signed), 80,000 cooperation conditions with quota use, and 2,000 projects (participants, a
quarter joint programmes under a degree agreement, a quarter laboratories or centres,
milestones, budget lines). Then, as an operator (who reads every agreement) and as a member's
editor: the map page `/partnerships/map/` and `GET /api/partnerships/map`, without and with
each filter (APAC, kind, member, year); 100 agreements' pages; the agreements list page and
API; the IIA export of 500 agreements (read, build, hash, XSD) one per document and all in one.
Targets: map and country API p95 ≤ 100 ms, agreement page p95 ≤ 50 ms, export + validation +
hash ≥ 100 IIAs/s (`bench/ewp_iia.py` measures the same without the database).
"""

import argparse
import random
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from common import django_for, exists, percentile, recreate, targets

PARTNERS, AGREEMENTS, CONDITIONS, PROJECTS, MEMBERS = 5_000, 20_000, 80_000, 2_000, 30
NOW = datetime(2026, 12, 1, tzinfo=UTC)
CPU: list[float] = []  # of the requests timed last
FAKE_HASH = "0" * 64  # signatures are stored, not checked, when pages are read
OTHER_COUNTRIES = "DE FR IT ES PT NL BE AT CH PL CZ FI SE NO GB IE US CA BR MX AR KZ UZ KG BY AM"
STATUSES = (
    ["draft"] * 10 + ["awaiting"] * 10 + ["in_effect"] * 50 + ["expired"] * 25 + ["terminated"] * 5
)
KINDS = ["mobility"] * 5 + ["mou"] * 2 + ["degree"] * 2 + ["joint_phd", "laboratory", "research"]
ISCED = "0511 0521 0531 0541 0611 0612 0613 0711 0713 0714 0731 0732".split()
TYPES = ["student_studies", "student_traineeship", "staff_teaching", "staff_training"]


def store(objects: list) -> list:
    """Keys given, then one COPY (PostgreSQL) or executemany (SQLite): no per-row INSERT."""
    from edcluster.core.bulk import assign_keys, bulk_insert, model_rows

    if objects:
        assign_keys(objects)
        columns, rows = model_rows(objects)
        bulk_insert(type(objects[0]), columns, rows)
    return objects


def build_organizations(rng: random.Random, scale: float) -> tuple[list, list, dict]:
    """Members (Russian universities) and foreign partners with SCHAC ids, units, contacts."""
    from edcluster.core.text import fold_spaces
    from edcluster.organizations.models import Organization, OrganizationContact, OrganizationUnit
    from edcluster.partnerships.country_groups import countries_of_group

    apac, others = sorted(countries_of_group("apac")), OTHER_COUNTRIES.split()
    stamps = {"created_at": NOW, "updated_at": NOW}

    def organization(slug: str, name: str, **fields) -> Organization:
        text = fold_spaces(f"{name} {fields.get('internet_domain', '')}")
        return Organization(slug=slug, name_en=name, name_ru=name, search_text=text, **fields)

    members = Organization.objects.bulk_create(
        organization(
            f"member-{i}", f"Member university {i}", kind="university", status="admitted",
            internet_domain=f"member{i}.ru", **stamps,
        )
        for i in range(MEMBERS)
    )  # fmt: skip
    count = max(20, int(PARTNERS * scale))
    partners = Organization.objects.bulk_create(
        organization(
            f"partner-{i}", f"Partner {i}", status="admitted",
            kind="foreign_university" if i % 4 else "foreign_organization",
            country=rng.choice(apac if rng.random() < 0.6 else others),
            internet_domain=f"p{i}.edu.example", pic=f"{900000000 + i}" if i % 3 == 0 else "",
            erasmus_code=f"X  PARTNER{i % 100:02d}" if i % 5 == 0 else "", **stamps,
        )
        for i in range(count)
    )  # fmt: skip
    made = [
        OrganizationUnit(organization=p, unit_id=f"u{p.pk}", name_en="Unit") for p in partners[::5]
    ]
    units = {unit.organization_id: unit for unit in store(made)}
    contact = {"role": "International office", "name": "Contact"}
    store([OrganizationContact(organization=p, **contact) for p in partners])
    return members, partners, units


def condition_counts(rng: random.Random, agreements: int) -> list[int]:
    """Four on average, 1 to 7 each, exactly 4 × agreements in all."""
    counts = [4] * agreements
    for i in range(0, agreements - 1, 2):
        shift = rng.randint(-3, 3)
        counts[i], counts[i + 1] = 4 + shift, 4 - shift
    return counts


def build_agreement(rng, number: int, members: list, partners: list):
    """One agreement's row and its parties (the keeper first), not stored."""
    from edcluster.partnerships.models import Agreement, AgreementParty

    owner = members[min(int(rng.expovariate(0.25)), len(members) - 1)]  # a few big keepers
    status = rng.choice(STATUSES)
    start = date(rng.randint(2012, 2026) if status != "expired" else rng.randint(2010, 2020), 9, 1)
    until = start + timedelta(days=365 * rng.randint(1, 6))
    if status in ("in_effect", "awaiting", "draft") and until < NOW.date():
        until = date(2027 + number % 5, 8, 31)
    agreement = Agreement(
        uuid=uuid.uuid4(), code=f"BENCH-{number}", kind=rng.choice(KINDS), owner=owner,
        title_en=f"Agreement {number}", valid_from=start, valid_until=until, status=status,
        terminated_on=date(2025, 3, 1) if status == "terminated" else None,
        reminded_days=[], created_at=NOW, updated_at=NOW,
    )  # fmt: skip
    others = rng.sample(partners, 2 if number % 10 == 0 else 1)
    parties = [AgreementParty(agreement=agreement, organization=owner, position=0)]
    parties += [
        AgreementParty(agreement=agreement, organization=p, position=k + 1)
        for k, p in enumerate(others)
    ]
    return agreement, parties


def build_conditions(rng, version, parties: list, count: int, units: dict) -> list:
    from edcluster.partnerships.models import CooperationCondition

    conditions = []
    for position in range(count):
        kind = TYPES[position % 4]
        outgoing = position % 2 == 0
        partner = parties[1 + position % (len(parties) - 1)]
        sending, receiving = (parties[0], partner) if outgoing else (partner, parties[0])
        first = rng.randint(2021, 2026)
        conditions.append(
            CooperationCondition(
                version=version, position=position, type=kind, sending_party=sending,
                receiving_party=receiving, receiving_unit=units.get(receiving.organization_id),
                first_year=f"{first}/{first + 1}", last_year=f"{first + 3}/{first + 4}",
                mobilities_per_year=rng.randint(1, 12), total_per_year=Decimal(rng.randint(2, 20)),
                subject_areas=[{"code": rng.choice(ISCED), "clarification": ""}],
                eqf_levels=[6, 7] if kind == "student_studies" else [],
                languages=[{"language": "en", "cefr": "B2"}], blended=False, other_terms="",
            )
        )  # fmt: skip
    return conditions


def signatures_of(version, parties: list, which: str) -> list:
    from edcluster.partnerships.models import Signature

    signing = parties if which == "all" else parties[:1]
    return [
        Signature(
            version=version,
            party=party,
            signer_name="Rector",
            signed_on=date(2024, 5, 1),
            version_hash=FAKE_HASH,
            on_behalf=k > 0,
            recorded_at=NOW,
        )  # fmt: skip
        for k, party in enumerate(signing)
    ]


def versions_of(rng, agreement, parties: list, count: int, units: dict) -> tuple:
    """Its versions (two when amended), their conditions, signatures and quota use."""
    from edcluster.partnerships.models import AgreementVersion, QuotaUse

    signed = agreement.status in ("in_effect", "expired", "terminated")
    amended = signed and rng.random() < 0.2 and count >= 2
    versions, conditions, signatures = [], [], []
    shares = [count // 2, count - count // 2] if amended else [count]
    for number, share in enumerate(shares, 1):
        approved = signed and number == 1
        version = AgreementVersion(
            agreement=agreement,
            number=number,
            created_at=NOW,
            approved_at=NOW if approved else None,
        )
        versions.append(version)
        conditions += build_conditions(rng, version, parties, share, units)
        if approved:
            signatures += signatures_of(version, parties, "all")
        elif agreement.status == "awaiting" or number == 2:
            signatures += signatures_of(version, parties, "keeper")
    uses = [
        QuotaUse(
            condition=c, academic_year=c.first_year, used=rng.randint(0, c.mobilities_per_year)
        )
        for c in conditions
        if signed and rng.random() < 0.5
    ]
    return versions, conditions, signatures, uses


def build_agreements(rng: random.Random, scale: float, members, partners, units) -> list:
    count = max(50, int(AGREEMENTS * scale))
    rows: dict[str, list] = {k: [] for k in ("a", "p", "v", "c", "s", "u")}
    for number, conditions in enumerate(condition_counts(rng, count)):
        agreement, parties = build_agreement(rng, number, members, partners)
        rows["a"].append(agreement)
        rows["p"] += parties
        made = versions_of(rng, agreement, parties, conditions, units)
        for key, found in zip("vcsu", made, strict=True):
            rows[key] += found
    for key in "apvcsu":  # parents first: each store gives the keys its children copy
        store(relinked(rows[key]))
    return rows["a"]


def relinked(objects: list) -> list:
    """Copy each parent's key, given after the child was made, into the child's column."""
    for obj in objects:
        for field in obj._meta.concrete_fields:
            if field.is_relation and field.name in obj._state.fields_cache:
                parent = obj._state.fields_cache[field.name]
                setattr(obj, field.attname, parent.pk if parent is not None else None)
    return objects


def build_projects(rng: random.Random, scale: float, members, partners, agreements) -> int:
    """Projects with a lead member and 1–3 others; programmes under a degree agreement,
    laboratories hosted by a partner; two milestones and two budget lines each."""
    from edcluster.projects import models as p

    count = max(20, int(PROJECTS * scale))
    kinds = ["product"] * 2 + ["programme", "laboratory", "centre", "research"] * 1
    degree = [a for a in agreements if a.kind == "degree"] or agreements
    projects = []
    for i in range(count):
        start = date(rng.randint(2018, 2026), 1, 15)
        projects.append(
            p.Project(
                kind=kinds[i % len(kinds)], title_en=f"Project {i}", title_ru=f"Проект {i}",
                starts_on=start, ends_on=start + timedelta(days=1000), status="active",
                is_public=i % 3 == 0, created_at=NOW, updated_at=NOW,
            )
        )  # fmt: skip
    store(projects)
    rows: dict[str, list] = {k: [] for k in ("part", "prog", "track", "lab", "mile", "budget")}
    for project in projects:
        lead = p.Participant(project=project, organization=rng.choice(members), role="lead")
        foreign = p.Participant(project=project, organization=rng.choice(partners), role="foreign")
        rows["part"] += [lead, foreign]
        if project.kind == "programme":
            programme = p.JointProgramme(
                project=project, scheme="double", languages=["en", "ru"], intake_per_year=20,
                agreement=rng.choice(degree),
            )  # fmt: skip
            rows["prog"].append(programme)
            rows["track"] += [
                p.ProgrammeTrack(programme=programme, participant=x, years=Decimal(2), position=k)
                for k, x in enumerate((lead, foreign))
            ]
        elif project.kind in ("laboratory", "centre"):
            host = foreign.organization
            rows["lab"].append(p.Laboratory(project=project, host=host, city="City"))
        rows["mile"] += [
            p.Milestone(project=project, title_en=f"Stage {k}", due_on=project.ends_on)
            for k in (1, 2)
        ]
        rows["budget"] += [
            p.BudgetLine(
                project=project, participant=lead, year=2026, category="staff", source="own",
                planned=Decimal(100000), currency="RUB",
            )
        ]  # fmt: skip
    for key in ("part", "prog", "track", "mile", "budget"):
        store(relinked(rows[key]))
    for lab in relinked(rows["lab"]):
        lab.country = lab.host.country
    p.Laboratory.objects.bulk_create(rows["lab"])  # a CountryField: through the ORM
    return count


def build(scale: float) -> None:
    from django.db import transaction

    from edcluster.partnerships.models import CooperationCondition

    rng = random.Random(19)
    started = time.perf_counter()
    with transaction.atomic():
        members, partners, units = build_organizations(rng, scale)
        agreements = build_agreements(rng, scale, members, partners, units)
        projects = build_projects(rng, scale, members, partners, agreements)
    print(
        f"  built {len(partners):,} partners, {len(agreements):,} agreements, "
        f"{CooperationCondition.objects.count():,} conditions and {projects:,} projects "
        f"in {time.perf_counter() - started:.0f} s",
        flush=True,
    )


def verdict(value: float, target: float, unit: str, *, at_most: bool = True) -> str:
    met = value <= target if at_most else value >= target
    sign = "≤" if at_most else "≥"
    return f"target {sign} {target:g} {unit}: {'PASS' if met else 'MISS'}"


def timed(client, paths: list[str], before=None) -> list[float]:
    client.get(paths[0], secure=True)  # warm: templates compiled, sessions read
    timings, cpu = [], []
    for path in paths:
        if before:
            before()
        began, began_cpu = time.perf_counter(), time.process_time()
        response = client.get(path, secure=True)
        timings.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
    CPU[:] = cpu  # this process's CPU (the server's side but the database server's), for report
    return timings


def report(label: str, timings: list[float], target: float | None = None) -> None:
    p95 = percentile(timings, 0.95)
    line = (
        f"  {label}: n={len(timings)} p50={statistics.median(timings):.1f} ms "
        f"p95={p95:.1f} ms max={max(timings):.1f} ms (CPU p50 {statistics.median(CPU):.1f} ms)"
    )
    print(line + (f"  p95 {verdict(p95, target, 'ms')}" if target else ""), flush=True)


def measure_map(clients: dict, member: str, requests: int) -> None:
    """Each address as people see it: counted on every request from the map's summary (no
    cache), as right after a change."""
    every = f"group=apac&kind=mobility&member={member}&year=2025"
    filters = {
        "no filter": "",
        "APAC": "group=apac",
        "kind": "kind=mobility",
        "member": f"member={member}",
        "year": "year=2025",
        "all four": every,
    }
    pages = {"map page": "/en/partnerships/map/", "country API": "/api/partnerships/map"}
    for who, client in clients.items():
        for name, query in filters.items():
            if who != "operator" and name not in ("no filter", "all four"):
                continue
            for what, path in pages.items():
                timings = timed(client, [f"{path}?{query}"] * requests)
                report(f"{what}, {who}, {name}", timings, 100)


def measure_agreements(clients: dict, member_id: int, requests: int) -> None:
    from edcluster.partnerships.models import Agreement

    every = list(Agreement.objects.order_by("pk").values_list("pk", flat=True))
    own = list(
        Agreement.objects.filter(owner_id=member_id).order_by("pk").values_list("pk", flat=True)
    )
    for who, client, ids in (
        ("operator", clients["operator"], every),
        ("editor", clients["editor"], own),
    ):
        sample = ids[:: max(1, len(ids) // 100)][:100]
        report(
            f"agreement page, {who}",
            timed(client, [f"/en/partnerships/{pk}/" for pk in sample]),
            50,
        )
    lists = {
        "list page": "/en/partnerships/",
        "list page 100": "/en/partnerships/?page=100",
        "list page, in effect, mobility": "/en/partnerships/?status=in_effect&kind=mobility",
        "list page, search": "/en/partnerships/?q=BENCH-1234",
        "list API 50": "/api/partnerships/agreements?page_size=50",
        "list API 50, page 100": "/api/partnerships/agreements?page_size=50&page=100",
        "list API 50, East Asia": "/api/partnerships/agreements?page_size=50&group=east",
    }
    for who, client in clients.items():
        for label, path in lists.items():
            report(f"{label}, {who}", timed(client, [path] * requests))


def measure_export(count: int) -> None:
    """Read, build, hash and validate: one document per agreement (as `…/iia.xml` serves it,
    plus the XSD), then all in one (as `partnerships_export_iia` writes it)."""
    from edcluster.partnerships import ewp, services
    from edcluster.partnerships.models import Agreement

    live = Agreement.objects.exclude(status__in=services.iia.ENDED).order_by("pk")
    ids = list(live.values_list("pk", flat=True))
    ids = ids[:: max(1, len(ids) // count)][:count]

    def one_by_one() -> int:
        iias = 0
        for pk in ids:
            xml = services.agreement_iia_xml(Agreement.objects.get(pk=pk))
            assert ewp.iia_validate(xml) == []
            iias += len(ewp.iia_hashes(xml))
        return iias

    def all_in_one() -> int:
        xml, _exported, _skipped = services.iias_export(list(Agreement.objects.filter(pk__in=ids)))
        return len(ewp.iia_hashes(xml))

    for label, work in (("one per document", one_by_one), ("all in one document", all_in_one)):
        began, began_cpu = time.perf_counter(), time.process_time()
        iias = work()
        rate = iias / (time.perf_counter() - began)
        print(
            f"  IIA export, {label} ({len(ids)} agreements, {iias} IIAs): {rate:,.0f} IIAs/s "
            f"(CPU {iias / (time.process_time() - began_cpu):,.0f}/s)  "
            f"{verdict(rate, 100, 'IIAs/s', at_most=False)}",
            flush=True,
        )


def clients_of(member_id: int) -> dict:
    from django.test import Client

    from edcluster.accounts.models import Membership, User

    operator, _ = User.objects.get_or_create(
        email="bench-operator@example.org", defaults={"is_operator": True}
    )
    editor, made = User.objects.get_or_create(email="bench-editor@example.org")
    if made:
        Membership.objects.create(user=editor, organization_id=member_id, role="editor")
    found = {}
    for who, user in (("operator", operator), ("editor", editor)):
        found[who] = Client()
        found[who].force_login(user)
    return found


def measure(url: str, scale: float, requests: int, reuse: bool) -> None:
    if not (reuse and exists(url)):
        recreate(url)
    django_for(url, DEBUG="0", SECRET_KEY="bench", ALLOWED_HOSTS="testserver")
    from django.core.management import call_command
    from django.db import connection

    from edcluster.organizations.models import Organization
    from edcluster.partnerships.models import Agreement

    call_command("migrate", verbosity=0)
    if not Agreement.objects.exists():
        build(scale)
        began = time.perf_counter()  # the rows were stored in bulk: the map's summary, as
        call_command("partnerships_map_rebuild", verbosity=0)  # migration 0003 builds it
        print(f"  map summary built in {time.perf_counter() - began:.1f} s", flush=True)
        if connection.vendor == "postgresql":  # as autovacuum would soon: plans need statistics,
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")  # index-only scans need the visibility map
    member = Organization.objects.get(slug="member-0")
    clients = clients_of(member.pk)
    own = Agreement.objects.filter(owner=member).count()
    print(f"  {Agreement.objects.count():,} agreements, {own:,} kept by the editor's member")
    measure_map(clients, member.slug, requests)
    measure_agreements(clients, member.pk, requests)
    measure_export(max(20, int(500 * min(scale, 1))))
    print("  without the database: bench/ewp_iia.py (pure build + hash + XSD)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="of 20,000 agreements &c.")
    parser.add_argument("--requests", type=int, default=30, help="per measured address")
    parser.add_argument("--reuse", action="store_true", help="keep a database already built")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    options = ["--scale", str(args.scale), "--requests", str(args.requests)]
    options += ["--reuse"] if args.reuse else []
    if args.database_url:
        measure(args.database_url, args.scale, args.requests, args.reuse)
        return
    print(
        "partners map, agreement pages, IIA export (targets: map and country API p95 ≤ 100 ms, "
        "agreement page p95 ≤ 50 ms, export ≥ 100 IIAs/s)"
    )
    for label, url in targets("partnerships"):
        print(f"{label}:", flush=True)
        subprocess.run([sys.executable, __file__, *options, "--database-url", url], check=True)


if __name__ == "__main__":
    main()
