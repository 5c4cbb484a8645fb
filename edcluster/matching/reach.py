"""The demand a product meets: the job postings of a window (the 12 months to the latest month
with postings) that ask for at least one skill it teaches, by region, and the open employers'
requests it covers.

Posting counts are stored per product and region (ProductDemand) so that pages read them at
once. One product is recounted exactly in SQL when its skills change (`product_demand_refresh`);
`product_demand_recompute` recounts every product at once, at the skill level: each taught
skill's postings become a bitmap over the window's postings (numbered region by region, each
region starting on a 64-bit word), a product's postings are the OR of its skills' bitmaps, and
popcounts over each region's words count them. No posting is compared with any product, and
the two ways give the same numbers (a test holds them equal).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db import connection, transaction
from django.db.models import Max

from edcluster.demand.models import ALL_REGIONS, JobPosting, PostingSkill
from edcluster.matching.models import ProductDemand, ProductSkill

WINDOW_MONTHS = 12
CHUNK_WORDS = 4096  # postings are bitmapped 262,144 at a time (4096 64-bit words)
REMOVED = ProductSkill.Decision.REMOVED


@dataclass(frozen=True)
class Window:
    start: date
    end: date  # the first day of the latest month


def demand_window() -> Window | None:
    """The 12 months to the latest month with postings counted in the analytics (None: none)."""
    latest = JobPosting.objects.aggregate(latest=Max("fact_month"))["latest"]
    if latest is None:
        return None
    months = latest.year * 12 + latest.month - 1 - (WINDOW_MONTHS - 1)
    return Window(date(months // 12, months % 12 + 1, 1), latest)


def _taught(product_ids=None) -> dict[int, list[int]]:
    links = ProductSkill.objects.exclude(decision=REMOVED)
    if product_ids is not None:
        links = links.filter(product_id__in=product_ids)
    taught: dict[int, list[int]] = defaultdict(list)
    for product_id, skill_id in links.values_list("product_id", "skill_id"):
        taught[product_id].append(skill_id)
    return taught


def product_demand_count(skill_ids: list[int], window: Window) -> dict[str, int]:
    """Postings of the window asking for at least one of the skills, by region (exact)."""
    if not skill_ids:
        return {}
    facts, postings = PostingSkill._meta.db_table, JobPosting._meta.db_table
    marks = ", ".join(["%s"] * len(skill_ids))
    with connection.cursor() as cursor:
        cursor.execute(  # a semi-join: the fastest of three forms on both databases
            f"SELECT p.fact_region, COUNT(*) FROM {postings} p WHERE p.fact_month >= %s AND "
            f"p.fact_month <= %s AND p.id IN (SELECT posting_id FROM {facts} WHERE skill_id IN "
            f"({marks})) GROUP BY p.fact_region",
            [window.start, window.end, *skill_ids],
        )
        return dict(cursor.fetchall())


def _store(counts: dict[int, dict[str, int]], window: Window, product_ids, *, every=False) -> int:
    """Replace the products' rows (every row, for a full recount) with the counts, plus each
    one's all-regions total."""
    from django.utils import timezone

    from edcluster.core.bulk import bulk_insert

    ops = connection.ops
    start, end = ops.adapt_datefield_value(window.start), ops.adapt_datefield_value(window.end)
    now = ops.adapt_datetimefield_value(timezone.now())
    rows = []
    for product_id in product_ids:
        by_region = counts.get(product_id, {})
        rows.append((product_id, ALL_REGIONS, sum(by_region.values()), start, end, now))
        rows += [(product_id, region, postings, start, end, now)
                 for region, postings in sorted(by_region.items()) if postings]  # fmt: skip
    with transaction.atomic():
        stale = ProductDemand.objects.all()
        if not every:
            stale = stale.filter(product_id__in=product_ids)
        stale.delete()
        bulk_insert(ProductDemand, ("product_id", "region", "postings", "start", "end",
                                    "computed_at"), rows)  # fmt: skip
    return len(rows)


def product_demand_refresh(product_ids: list[int]) -> int:
    """Recount these products exactly (their skills changed); returns the rows stored."""
    window = demand_window()
    if window is None:
        ProductDemand.objects.filter(product_id__in=product_ids).delete()
        return 0
    taught = _taught(product_ids)
    counts = {pk: product_demand_count(taught.get(pk, []), window) for pk in product_ids}
    return _store(counts, window, product_ids)


def _id_lists(sql: str, column: str, params: list) -> list[tuple]:
    """(key, ids) rows of a query that groups `column` into one value per key (`{ids}` in the
    SQL), with the ids as an array: they are parsed in C rather than built as millions of
    Python tuples. PostgreSQL concatenates them as 8-byte binary (its text or COPY forms cost
    three to four times more here), given the memory to aggregate without spilling; SQLite as
    comma-joined text."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute(sql.format(ids=f"STRING_AGG(INT8SEND({column}), ''::bytea)"), params)
            return [(key, np.frombuffer(data, dtype=">i8").astype(np.int64))
                    for key, data in cursor.fetchall()]  # fmt: skip
        cursor.execute(sql.format(ids=f"GROUP_CONCAT({column})"), params)
        return [(key, np.fromstring(text, dtype=np.int64, sep=","))
                for key, text in cursor.fetchall()]  # fmt: skip


def _skill_postings(skills_sql: str, params: list) -> list[tuple]:
    """(skill, posting ids) of every skill `skills_sql` selects, by skill."""
    return _id_lists(
        f"SELECT skill_id, {{ids}} FROM {PostingSkill._meta.db_table} WHERE skill_id IN "
        f"({skills_sql}) GROUP BY skill_id ORDER BY skill_id",
        "posting_id", params,
    )  # fmt: skip


def product_demand_recompute(*, stats: dict | None = None) -> int:
    """Recount every product's postings by region at the skill level (see the module's note);
    returns the rows stored. `stats` receives where the time went."""
    import time

    began = time.perf_counter()
    stats = stats if stats is not None else {}
    window = demand_window()
    taught = _taught()
    if window is None:
        ProductDemand.objects.all().delete()
        return 0
    from edcluster.catalog.models import Product

    product_ids = sorted(Product.objects.values_list("pk", flat=True))  # teaching none: 0
    postings, links = JobPosting._meta.db_table, ProductSkill._meta.db_table
    # the window's postings, numbered region by region (each region from a fresh word)
    lists = _id_lists(
        f"SELECT fact_region, {{ids}} FROM {postings} WHERE fact_month >= %s AND "
        "fact_month <= %s GROUP BY fact_region ORDER BY fact_region",
        "id", [window.start, window.end],
    )  # fmt: skip
    regions = [region for region, _ids in lists]
    by_region = [np.sort(ids) for _region, ids in lists]
    starts, bit = [], 0
    for ids in by_region:
        starts.append(bit // 64)
        bit += -(-len(ids) // 64) * 64
    words = bit // 64
    empty = np.empty(0, dtype=np.int64)
    posting_ids = np.concatenate(by_region) if by_region else empty
    position = np.concatenate(
        [starts[n] * 64 + np.arange(len(ids), dtype=np.int64) for n, ids in enumerate(by_region)]
    ) if by_region else empty  # fmt: skip
    order = np.argsort(posting_ids)
    posting_ids, position = posting_ids[order], position[order]
    stats["postings"] = len(posting_ids)
    stats["read postings s"] = round(time.perf_counter() - began, 2)

    # each taught skill's postings of the window, as (skill row, bit)
    mark = time.perf_counter()
    skill_lists = _skill_postings(
        f"SELECT DISTINCT skill_id FROM {links} WHERE decision <> %s", [REMOVED]
    )
    skill_rows_list, bit_list = [], []
    for row, (_skill, ids) in enumerate(skill_lists):
        at = np.searchsorted(posting_ids, ids)
        inside = at < len(posting_ids)
        inside[inside] = posting_ids[at[inside]] == ids[inside]  # in the window
        bit_list.append(position[at[inside]])
        skill_rows_list.append(np.full(int(inside.sum()), row, dtype=np.int64))
    skills = np.array([skill for skill, _ids in skill_lists], dtype=np.int64)
    row_of_skill = {int(s): n for n, s in enumerate(skills)}
    bits = np.concatenate(bit_list) if bit_list else empty
    rows = np.concatenate(skill_rows_list) if skill_rows_list else empty
    del skill_lists, bit_list, skill_rows_list
    stats["facts"] = len(bits)
    stats["read facts s"] = round(time.perf_counter() - mark, 2)
    mark = time.perf_counter()
    # each product's skill rows (skills no posting asks for have none)
    products = {pk: np.array(sorted({row_of_skill[s] for s in taught.get(pk, ())
                                     if s in row_of_skill}), dtype=np.int64)
                for pk in product_ids}  # fmt: skip
    region_starts = np.array(starts, dtype=np.int64)
    counts: dict[int, np.ndarray] = {pk: np.zeros(len(regions), dtype=np.int64)
                                     for pk in product_ids}  # fmt: skip
    word_of_bit = bits >> 6
    one = np.uint64(1)
    for first in range(0, words, CHUNK_WORDS):
        last = min(first + CHUNK_WORDS, words)
        inside = (word_of_bit >= first) & (word_of_bit < last)
        bitmap = np.zeros((len(skills), last - first), dtype=np.uint64)
        np.bitwise_or.at(
            bitmap, (rows[inside], word_of_bit[inside] - first),
            np.left_shift(one, (bits[inside] & 63).astype(np.uint64)),
        )  # fmt: skip
        # the regions this chunk's words belong to, as offsets for np.add.reduceat
        local = np.clip(region_starts, first, last) - first
        present = np.flatnonzero(np.diff(np.append(local, last - first)) > 0)
        offsets = local[present]
        union = np.empty(last - first, dtype=np.uint64)
        for pk, skill_rows in products.items():
            if not len(skill_rows):
                continue
            np.copyto(union, bitmap[skill_rows[0]])
            for row in skill_rows[1:]:
                np.bitwise_or(union, bitmap[row], out=union)
            ones = np.bitwise_count(union)
            counts[pk][present] += np.add.reduceat(ones, offsets, dtype=np.int64)
        del bitmap
    stats["count s"] = round(time.perf_counter() - mark, 2)
    mark = time.perf_counter()
    named = {pk: {regions[n]: int(c) for n, c in enumerate(found) if c}
             for pk, found in counts.items()}  # fmt: skip
    stored = _store(named, window, product_ids, every=True)
    stats["store s"] = round(time.perf_counter() - mark, 2)
    stats["products"] = len(product_ids)
    stats["total s"] = round(time.perf_counter() - began, 2)
    return stored


def requests_met(product, *, limit: int = 20) -> list[dict]:
    """Open employers' requests the product covers (any of their skills, or a neighbour), best
    covered first, with the coverage."""
    from edcluster.demand.models import DemandRequest, RequestSkill
    from edcluster.matching.coverage import demand_scores, neighbours

    taught = set(_taught([product.pk]).get(product.pk, []))
    if not taught:
        return []

    near = set(taught)
    for close in neighbours(list(taught)).values():
        near |= close
    touched = RequestSkill.objects.filter(skill_id__in=near).exclude(
        request__status=DemandRequest.Status.CLOSED
    ).values("request_id")  # fmt: skip
    scores = demand_scores(
        RequestSkill.objects.filter(request_id__in=touched), product_ids={product.pk}
    )
    best = sorted(((score, request_id) for (request_id, _p), score in scores.items() if score),
                  reverse=True)[:limit]  # fmt: skip
    found = DemandRequest.objects.select_related("organization").in_bulk([r for _s, r in best])
    return [{"request": found[r], "score": score} for score, r in best]


def product_demand(product) -> dict:
    """What the product page shows: the stored posting counts of the window (all regions and
    by region), the postings asking for each skill it teaches (from the analytics rollups), and
    the open requests it covers."""
    from django.db.models import Sum

    from edcluster.demand.models import SkillDemand
    from edcluster.skills.models import Skill

    rows = list(ProductDemand.objects.filter(product=product).order_by("-postings", "region"))
    total = next((row for row in rows if row.region == ALL_REGIONS), None)
    window = Window(total.start, total.end) if total else demand_window()
    skills: list[dict] = []
    taught = _taught([product.pk]).get(product.pk, [])
    if window and taught:
        counted = dict(
            SkillDemand.objects.filter(skill_id__in=taught, region=ALL_REGIONS,
                                       month__gte=window.start, month__lte=window.end)
            .values("skill_id").annotate(n=Sum("postings")).values_list("skill_id", "n")
        )  # fmt: skip
        named = Skill.objects.in_bulk(list(counted))
        skills = sorted(({"skill": named[pk], "postings": n} for pk, n in counted.items()),
                        key=lambda item: (-item["postings"], item["skill"].label))  # fmt: skip
    return {
        "window": window,
        "postings": total.postings if total else None,  # None: not counted yet
        "regions": [row for row in rows if row.region != ALL_REGIONS],
        "skills": skills,
        "requests": requests_met(product),
    }
