"""EWP IIA v7 export: build the XML, validate it against the XSD and compute its iia-hash, for
1,000 generated agreements (issue 19: export + validation + hash >= 100 IIAs/s).

Run by `make bench`; no database is involved (the functions are pure):
    python bench/ewp_iia.py                    # 1,000 IIAs, every way
    python bench/ewp_iia.py --iias 200 --no-saxon
Measures, each the best of --rounds rounds:
- one IIA per document, as `…/agreements/{id}/iia.xml` sends it: iia_xml + iia_validate (the
  hash inside iia_xml is the Python port of transform_version_7.xsl);
- the same with the hash from Saxon-HE running the XSLT itself (saxonche, development only);
- all IIAs in one document, as `partnerships_export_iia` writes it;
and where the time goes (build, hash, validation), and the peak memory.
"""

import argparse
import os
import random
import resource
import sys
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 100.0


def generated(count: int) -> list:
    """Agreements of 1 to 8 conditions, varied codes, years and totals (seeded: runs compare)."""
    from edcluster.partnerships.ewp import MobilityType, SubjectArea
    from edcluster.partnerships.ewp.tests import factories

    rng = random.Random(19)
    iias = []
    for number in range(1, count + 1):
        base = factories.iia(number)
        conditions = []
        for kind in MobilityType:
            for outgoing in (True, False)[: rng.randint(1, 2)]:
                first = rng.randint(2021, 2027)
                conditions.append(
                    factories.condition(
                        kind,
                        outgoing=outgoing,
                        first_year=f"{first}/{first + 1}",
                        last_year=f"{first + 3}/{first + 4}",
                        mobilities_per_year=rng.randint(1, 12),
                        subject_areas=(SubjectArea(f"{rng.randint(111, 1041):04d}"),),
                        total=Decimal(rng.randint(1, 40)) / 2,
                    )
                )
        iias.append(replace(base, conditions=tuple(conditions)))
    return iias


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f} IIAs/s ({seconds * 1000 / count:.2f} ms each)"


def best(rounds: int, work) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def whole(iias: list, rounds: int) -> None:
    """The functions as the app calls them: one IIA per document, then all in one."""
    from edcluster.partnerships.ewp import iia_validate, iia_xml

    count = len(iias)

    def one_by_one() -> None:
        for each in iias:
            assert iia_validate(iia_xml([each])) == []

    seconds = best(rounds, one_by_one)
    print(
        f"ewp_iia: one per document, build + hash + validate: {rate(count, seconds)}"
        f"  target >= {TARGET:.0f}/s: {'met' if count / seconds >= TARGET else 'MISSED'}"
    )
    seconds = best(rounds, lambda: iia_validate(iia_xml(iias)))
    print(f"ewp_iia: all in one document, build + hash + validate: {rate(count, seconds)}")


def parts(iias: list, rounds: int) -> dict[str, float]:
    """Where the time goes: build, hash, libxml2's verdict, xmlschema on every document."""
    from lxml import etree

    from edcluster.partnerships.ewp import iia_validate, iia_xml
    from edcluster.partnerships.ewp.export import NSMAP, E, _iia
    from edcluster.partnerships.ewp.hashing import iia_hashes_of_tree
    from edcluster.partnerships.ewp.schema import _detailed, safe_parser

    trees = []

    def build() -> None:
        trees.clear()
        for each in iias:
            root = etree.Element(f"{E}iias-get-response", nsmap=NSMAP)
            _iia(root, each)
            trees.append(root)

    documents = [iia_xml([each]) for each in iias]
    parsed = [etree.fromstring(doc, parser=safe_parser()) for doc in documents]
    seconds = {
        "build": best(rounds, build),
        "Python hash": best(rounds, lambda: [iia_hashes_of_tree(root) for root in trees]),
        "iia_validate (parse, libxml2 verdict)": best(
            rounds, lambda: [iia_validate(doc) for doc in documents]
        ),
        "xmlschema on every document": best(rounds, lambda: [_detailed(root) for root in parsed]),
    }
    for label, value in seconds.items():
        print(f"ewp_iia: {label} {rate(len(iias), value)}")
    total = seconds["build"] + seconds["Python hash"] + seconds["xmlschema on every document"]
    print(
        f"ewp_iia: one per document, were xmlschema to validate every one: {rate(len(iias), total)}"
    )
    return seconds


def saxon(iias: list, rounds: int, seconds: dict[str, float]) -> None:
    """The other way to the hash: Saxon-HE running the spec's XSLT."""
    from lxml import etree

    from edcluster.partnerships.ewp import iia_xml
    from edcluster.partnerships.ewp.hashing import iia_hashes_of_tree
    from edcluster.partnerships.ewp.tests.saxon import saxon_hashes

    count = len(iias)
    documents = [iia_xml([each]) for each in iias]
    started = time.perf_counter()
    saxon_hashes(documents[0])
    print(f"ewp_iia: Saxon-HE start and XSLT compile {time.perf_counter() - started:.2f} s")
    saxon_seconds = best(rounds, lambda: [saxon_hashes(doc) for doc in documents])
    agree = all(saxon_hashes(doc) == iia_hashes_of_tree(etree.fromstring(doc)) for doc in documents)
    print(f"ewp_iia: Saxon-HE hash {rate(count, saxon_seconds)}; same hashes as the port: {agree}")
    total = seconds["build"] + saxon_seconds + seconds["iia_validate (parse, libxml2 verdict)"]
    print(f"ewp_iia: one per document with the Saxon hash instead: {rate(count, total)}")
    total = seconds["build"] + saxon_seconds + seconds["xmlschema on every document"]
    print(f"ewp_iia: ... and xmlschema on every document: {rate(count, total)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--iias", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-saxon", action="store_true")
    parser.add_argument("--database-url", help="ignored: nothing here reads a database")
    arguments = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from edcluster.partnerships.ewp.schema import iia_schema

    started = time.perf_counter()
    iia_schema()
    print(f"ewp_iia: XSD compiled in {time.perf_counter() - started:.2f} s (once per process)")
    iias = generated(arguments.iias)
    conditions = sum(len(each.conditions) for each in iias)
    print(f"ewp_iia: {len(iias)} IIAs, {conditions} conditions")
    whole(iias, arguments.rounds)
    seconds = parts(iias, arguments.rounds)
    if not arguments.no_saxon:
        saxon(iias, arguments.rounds, seconds)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ewp_iia: peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
