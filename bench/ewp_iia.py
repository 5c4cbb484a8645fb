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
    from lxml import etree

    from edcluster.partnerships.ewp import iia_validate, iia_xml
    from edcluster.partnerships.ewp.export import NSMAP, E, _iia
    from edcluster.partnerships.ewp.hashing import iia_hashes_of_tree
    from edcluster.partnerships.ewp.schema import _detailed, iia_schema, safe_parser

    started = time.perf_counter()
    iia_schema()
    print(f"ewp_iia: XSD compiled in {time.perf_counter() - started:.2f} s (once per process)")
    iias = generated(arguments.iias)
    count = len(iias)
    conditions = sum(len(each.conditions) for each in iias)
    print(f"ewp_iia: {count} IIAs, {conditions} conditions")

    def one_by_one() -> None:
        for each in iias:
            assert iia_validate(iia_xml([each])) == []

    seconds = best(arguments.rounds, one_by_one)
    print(
        f"ewp_iia: one per document, build + hash + validate: {rate(count, seconds)}"
        f"  target >= {TARGET:.0f}/s: {'met' if count / seconds >= TARGET else 'MISSED'}"
    )

    def in_one_document() -> None:
        assert iia_validate(iia_xml(iias)) == []

    seconds = best(arguments.rounds, in_one_document)
    print(f"ewp_iia: all in one document, build + hash + validate: {rate(count, seconds)}")

    trees = []

    def build() -> None:
        trees.clear()
        for each in iias:
            root = etree.Element(f"{E}iias-get-response", nsmap=NSMAP)
            _iia(root, each)
            trees.append(root)

    build_seconds = best(arguments.rounds, build)
    hash_seconds = best(arguments.rounds, lambda: [iia_hashes_of_tree(root) for root in trees])
    documents = [iia_xml([each]) for each in iias]
    validate_seconds = best(arguments.rounds, lambda: [iia_validate(doc) for doc in documents])
    parsed = [etree.fromstring(doc, parser=safe_parser()) for doc in documents]
    xmlschema_seconds = best(arguments.rounds, lambda: [_detailed(root) for root in parsed])
    print(f"ewp_iia: build {rate(count, build_seconds)}")
    print(f"ewp_iia: Python hash {rate(count, hash_seconds)}")
    print(f"ewp_iia: iia_validate (parse, libxml2 verdict) {rate(count, validate_seconds)}")
    print(f"ewp_iia: xmlschema on every document {rate(count, xmlschema_seconds)}")
    total = build_seconds + hash_seconds + xmlschema_seconds
    print(f"ewp_iia: one per document, were xmlschema to validate every one: {rate(count, total)}")

    if not arguments.no_saxon:
        from edcluster.partnerships.ewp.tests.saxon import saxon_hashes

        started = time.perf_counter()
        saxon_hashes(documents[0])
        print(f"ewp_iia: Saxon-HE start and XSLT compile {time.perf_counter() - started:.2f} s")
        saxon_seconds = best(arguments.rounds, lambda: [saxon_hashes(doc) for doc in documents])
        agree = all(
            saxon_hashes(doc) == iia_hashes_of_tree(etree.fromstring(doc)) for doc in documents
        )
        print(
            f"ewp_iia: Saxon-HE hash {rate(count, saxon_seconds)}; same hashes as the port: {agree}"
        )
        total = build_seconds + saxon_seconds + validate_seconds
        print(f"ewp_iia: one per document with the Saxon hash instead: {rate(count, total)}")
        total = build_seconds + saxon_seconds + xmlschema_seconds
        print(f"ewp_iia: ... and xmlschema on every document: {rate(count, total)}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ewp_iia: peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
