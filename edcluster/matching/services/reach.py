"""Writes of the demand a product meets (see `selectors.reach`): the posting counts stored per
product and region (ProductDemand), so that pages read them at once.

One product is recounted exactly in SQL when its skills change (`product_demand_refresh`);
`product_demand_recompute` recounts every product at once, at the skill level: each taught
skill's postings become a bitmap over the window's postings (numbered region by region, each
region starting on a 64-bit word), a product's postings are the OR of its skills' bitmaps, and
popcounts over each region's words count them. No posting is compared with any product, and
the two ways give the same numbers (a test holds them equal).
"""

import time
from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from edcluster.catalog.models import Product
from edcluster.core.bulk import bulk_insert
from edcluster.demand.models import ALL_REGIONS
from edcluster.demand.selectors.posting_ids import posting_ids_by_region, posting_ids_by_skill
from edcluster.matching.models import ProductDemand, ProductSkill
from edcluster.matching.selectors.reach import (
    Window,
    demand_window,
    product_demand_count,
    skills_taught,
)

CHUNK_WORDS = 4096  # postings are bitmapped 262,144 at a time (4096 64-bit words)
REMOVED = ProductSkill.Decision.REMOVED
EMPTY = np.empty(0, dtype=np.int64)


def _store(counts: dict[int, dict[str, int]], window: Window, product_ids, *, every=False) -> int:
    """Replace the products' rows (every row, for a full recount) with the counts, plus each
    one's all-regions total."""
    ops = connection.ops
    start, end = ops.adapt_datefield_value(window.start), ops.adapt_datefield_value(window.end)
    now = ops.adapt_datetimefield_value(timezone.now())
    rows = []
    for product_id in product_ids:
        by_region = counts.get(product_id, {})
        rows.append((product_id, ALL_REGIONS, sum(by_region.values()), start, end, now))
        rows += [
            (product_id, region, postings, start, end, now)
            for region, postings in sorted(by_region.items())
            if postings
        ]
    with transaction.atomic():
        stale = ProductDemand.objects.all()
        if not every:
            stale = stale.filter(product_id__in=product_ids)
        stale.delete()
        bulk_insert(
            ProductDemand, ("product_id", "region", "postings", "start", "end", "computed_at"), rows
        )
    return len(rows)


def product_demand_refresh(product_ids: list[int]) -> int:
    """Recount these products exactly (their skills changed); returns the rows stored."""
    window = demand_window()
    if window is None:
        ProductDemand.objects.filter(product_id__in=product_ids).delete()
        return 0
    taught = skills_taught(product_ids)
    counts = {pk: product_demand_count(taught.get(pk, []), window) for pk in product_ids}
    return _store(counts, window, product_ids)


@dataclass
class _Numbered:
    """The window's postings numbered region by region, each region from a fresh 64-bit word:
    the sorted posting ids with each one's bit, and each region's first word."""

    regions: list[str]
    starts: list[int]
    words: int
    posting_ids: np.ndarray
    position: np.ndarray


def _numbered_postings(window: Window) -> _Numbered:
    lists = posting_ids_by_region(start=window.start, end=window.end)
    by_region = [np.sort(ids) for _region, ids in lists]
    starts, bit = [], 0
    for ids in by_region:
        starts.append(bit // 64)
        bit += -(-len(ids) // 64) * 64
    posting_ids = np.concatenate(by_region) if by_region else EMPTY
    position = (
        np.concatenate(
            [
                starts[n] * 64 + np.arange(len(ids), dtype=np.int64)
                for n, ids in enumerate(by_region)
            ]
        )
        if by_region
        else EMPTY
    )
    order = np.argsort(posting_ids)
    regions = [region for region, _ids in lists]
    return _Numbered(regions, starts, bit // 64, posting_ids[order], position[order])


def _skill_bits(numbered: _Numbered) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each taught skill's postings of the window: the skills, and (skill row, bit) pairs."""
    taught = ProductSkill.objects.exclude(decision=REMOVED).values_list("skill_id").distinct()
    skill_lists = posting_ids_by_skill(skills=taught)
    posting_ids, position = numbered.posting_ids, numbered.position
    rows_list, bit_list = [], []
    for row, (_skill, ids) in enumerate(skill_lists):
        at = np.searchsorted(posting_ids, ids)
        inside = at < len(posting_ids)
        inside[inside] = posting_ids[at[inside]] == ids[inside]  # in the window
        bit_list.append(position[at[inside]])
        rows_list.append(np.full(int(inside.sum()), row, dtype=np.int64))
    skills = np.array([skill for skill, _ids in skill_lists], dtype=np.int64)
    bits = np.concatenate(bit_list) if bit_list else EMPTY
    rows = np.concatenate(rows_list) if rows_list else EMPTY
    return skills, rows, bits


def _count(
    numbered: _Numbered,
    products: dict[int, np.ndarray],
    rows: np.ndarray,
    bits: np.ndarray,
    skill_count: int,
) -> dict[int, np.ndarray]:
    """Each product's postings by region: the OR of its skills' bitmaps (`products`: skill rows
    of each), popcounted over each region's words, CHUNK_WORDS words at a time."""
    words, region_starts = numbered.words, np.array(numbered.starts, dtype=np.int64)
    counts = {pk: np.zeros(len(numbered.regions), dtype=np.int64) for pk in products}
    word_of_bit = bits >> 6
    one = np.uint64(1)
    for first in range(0, words, CHUNK_WORDS):
        last = min(first + CHUNK_WORDS, words)
        inside = (word_of_bit >= first) & (word_of_bit < last)
        bitmap = np.zeros((skill_count, last - first), dtype=np.uint64)
        np.bitwise_or.at(
            bitmap,
            (rows[inside], word_of_bit[inside] - first),
            np.left_shift(one, (bits[inside] & 63).astype(np.uint64)),
        )
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
    return counts


def product_demand_recompute(*, stats: dict | None = None) -> int:
    """Recount every product's postings by region at the skill level (see the module's note);
    returns the rows stored. `stats` receives where the time went."""
    began = mark = time.perf_counter()
    stats = stats if stats is not None else {}

    def lap(name: str) -> None:
        nonlocal mark
        stats[name] = round(time.perf_counter() - mark, 2)
        mark = time.perf_counter()

    window = demand_window()
    taught = skills_taught()
    if window is None:
        ProductDemand.objects.all().delete()
        return 0
    product_ids = sorted(Product.objects.values_list("pk", flat=True))  # teaching none: 0
    numbered = _numbered_postings(window)
    stats["postings"] = len(numbered.posting_ids)
    lap("read postings s")
    skills, rows, bits = _skill_bits(numbered)
    stats["facts"] = len(bits)
    lap("read facts s")
    row_of_skill = {int(s): n for n, s in enumerate(skills)}
    products = {
        pk: np.array(
            sorted({row_of_skill[s] for s in taught.get(pk, ()) if s in row_of_skill}),
            dtype=np.int64,
        )
        for pk in product_ids
    }
    counts = _count(numbered, products, rows, bits, len(skills))
    lap("count s")
    named = {
        pk: {numbered.regions[n]: int(c) for n, c in enumerate(found) if c}
        for pk, found in counts.items()
    }
    stored = _store(named, window, product_ids, every=True)
    lap("store s")
    stats["products"] = len(product_ids)
    stats["total s"] = round(time.perf_counter() - began, 2)
    return stored
