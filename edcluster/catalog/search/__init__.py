"""Catalog search that understands Russian and English word forms, on SQLite and PostgreSQL.

Words are folded (case, ё) and stemmed with Snowball (`terms`, on `edcluster.core.text`), so
"программированию" finds "программирование" and "programs" finds "programming". Each product's
stems sit in an inverted index (`SearchPosting`); the words of published products form a
vocabulary (`SearchWord`) for completions, with their one-deletion variants (`SearchWordVariant`)
for typo tolerance (`indexing` writes them, `suggestions` reads the vocabulary). The same tables
and queries serve both databases, so results agree between the embedded default and production.

Here: the ranked search (`SearchResults`), whose one-word public case `public` answers from the
index alone, and the names the rest of the catalog uses. It depends on the catalog's models and
on core only.
"""

from collections.abc import Callable, Iterator

from django.db.models import Case, Exists, OuterRef, Q, Value, When

from edcluster.catalog.models import Product, SearchPosting
from edcluster.catalog.search.indexing import index_products, rebuild, unindexed_ids
from edcluster.catalog.search.public import PublicIndex, Walk
from edcluster.catalog.search.suggestions import completions, distance, known_word, near_words
from edcluster.catalog.search.terms import ANY_FLAGS, Token, parse, token_terms, words_of
from edcluster.core.text import stem

__all__ = [
    "Materialized",
    "SearchResults",
    "Token",
    "completions",
    "distance",
    "index_products",
    "known_word",
    "near_words",
    "parse",
    "rebuild",
    "stem",
    "unindexed_ids",
    "words_of",
]

CANDIDATES = 3000  # a token with fewer postings drives the search from the index
COUNT_CAP = 1000  # broad searches count this far, then say "more than"
TITLE_FETCH = 20_000  # up to this many title hits are read from the index, not walked


class SearchResults:
    """Products matching every token, those with every token in a title first, newest first.

    Sliced like a queryset (paginators use it as one). A token with few postings drives the
    search from the index and everything is exact; for a broad one (a three-letter prefix of a
    common word) the products are walked newest first, probing the index per product, so a page
    costs the same however many products match, and the count stops at COUNT_CAP.
    """

    def __init__(
        self,
        *,
        products,
        tokens: list[Token],
        order_by: tuple[str, ...] = (),
        materialize: Callable[[list[int]], list] | None = None,
        public: bool = False,
    ):
        self.products = products
        self.materialize = materialize
        # The products are exactly the published ones (no facets, a reader who sees no drafts):
        # the index rows carry that flag, so the index alone can answer.
        self.public = public
        self._tiers: tuple | None = None
        self.tokens = tokens
        self.order_by = order_by
        self._ranked: list[int] | None = None
        self._count: int | None = None
        self.count_is_exact = True

    def _matches(self, token: Token, *, in_title: bool = False) -> Exists:
        postings = SearchPosting.objects.filter(token_terms(token), product=OuterRef("pk"))
        return Exists(postings.filter(in_title=True) if in_title else postings)

    def _all_in_title(self) -> Q:
        return Q(*[self._matches(token, in_title=True) for token in self.tokens])

    def _driver(self) -> tuple[Token, int]:
        sizes = [
            (
                SearchPosting.objects.filter(ANY_FLAGS, token_terms(token))[:CANDIDATES].count(),
                position,
            )
            for position, token in enumerate(self.tokens)
        ]
        size, position = min(sizes)
        return self.tokens[position], size

    def _prepare_public(self) -> bool:
        """One word, the public catalog, best match first: answered from the index alone, in
        plain SQL (this is the hot path of search-as-you-type; see bench/catalog_search.py)."""
        if not (self.public and len(self.tokens) == 1 and not self.order_by):
            return False
        index = PublicIndex(self.tokens[0])
        if index.count(limit=CANDIDATES) < CANDIDATES:
            rows = index.rows()
            titles = {product for product, hit in rows if hit}
            ids = {product for product, _hit in rows}
            self._ranked = sorted(ids, key=lambda product: (product not in titles, -product))
            self._count = len(self._ranked)
            return True
        counted = index.count(limit=COUNT_CAP + 1, distinct=True)
        self._count, self.count_is_exact = min(counted, COUNT_CAP), counted <= COUNT_CAP
        if not index.token.prefix:  # one row per product: both tiers come in index order
            others = index.tier(in_title=False)
            self._tiers = (index.tier(in_title=True), lambda: others)
            return True
        title_rows = index.titles(limit=TITLE_FETCH)
        if title_rows is not None:
            # Few title hits: take them from the index, walk products for the rest.
            first: list[int] | Walk = sorted(title_rows, reverse=True)
        else:
            first = Walk(index, titles=True)
        rest = Walk(index, titles=False)
        self._tiers = (first, lambda: rest)
        return True

    def _prepare(self) -> None:
        if self._ranked is not None or self._count is not None:
            return
        if self._prepare_public():
            return
        driver, size = self._driver()
        if size < CANDIDATES:
            ids = set(
                SearchPosting.objects.filter(ANY_FLAGS, token_terms(driver)).values_list(
                    "product_id", flat=True
                )
            )
            others = [self._matches(t) for t in self.tokens if t is not driver]
            matches = self.products.filter(*others, pk__in=ids)
            if self.order_by:
                ranked = matches.order_by(*self.order_by)
            else:
                ranked = matches.annotate(
                    tier=Case(When(self._all_in_title(), then=Value(0)), default=Value(1))
                ).order_by("tier", "-pk")
            self._ranked = list(ranked.values_list("pk", flat=True))
            self._count = len(self._ranked)
        else:
            matches = self._broad()
            counted = matches.order_by()[: COUNT_CAP + 1].count()
            self._count = min(counted, COUNT_CAP)
            self.count_is_exact = counted <= COUNT_CAP

    def _broad(self):
        return self.products.filter(*[self._matches(token) for token in self.tokens])

    def _page_ids(self, start: int, stop: int) -> list[int]:
        self._prepare()
        if self._ranked is not None:
            return self._ranked[start:stop]
        if self.order_by:
            ordered = self._broad().order_by(*self.order_by)
            return list(ordered.values_list("pk", flat=True)[start:stop])
        if self._tiers is not None:
            first, rest = self._tiers
        else:
            first, rest = self._walk(titles=True), self._walk
        return self._merge(first, rest, start, stop)

    def _walk(self, *, titles: bool = False):
        """Matching products newest first, probing the index per product: those with every
        word in a title, or the others."""
        matches, title = self._broad(), self._all_in_title()
        chosen = matches.filter(title) if titles else matches.exclude(title)
        return chosen.order_by("-pk").values_list("pk", flat=True)

    @staticmethod
    def _merge(first, rest: Callable, start: int, stop: int) -> list[int]:
        """Rows start:stop of the first tier (a list or an id queryset) followed by the rest
        (made only when the page reaches it)."""
        ids = list(first[start:stop])
        if len(ids) == stop - start:
            return ids
        if ids or start == 0:
            in_first = start + len(ids)
        else:
            in_first = len(first) if isinstance(first, list) else first.count()
        skip = max(0, start - in_first)
        return ids + list(rest()[skip : skip + stop - start - len(ids)])

    def ids(self) -> list[int]:
        """Every matching product's id, in rank order (for exports)."""
        return self._page_ids(0, 10**9)

    def count(self) -> int:
        self._prepare()
        return self._count or 0

    def all(self) -> "SearchResults":
        return self

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Product]:
        return iter(self[0 : self.count()])

    def __getitem__(self, item: slice) -> list[Product]:
        if not isinstance(item, slice):
            raise TypeError("SearchResults are sliced, not indexed")
        start, stop = item.start or 0, item.stop if item.stop is not None else self.count()
        ids = self._page_ids(start, stop)
        if self.materialize is not None:
            return self.materialize(ids)
        products = {product.pk: product for product in self.products.filter(pk__in=ids)}
        return [products[pk] for pk in ids if pk in products]


class Materialized:
    """A sliceable list of ids (a values_list) whose slices become what `materialize` makes."""

    def __init__(self, ids, materialize: Callable[[list[int]], list]) -> None:
        self.ids, self.materialize = ids, materialize

    def count(self) -> int:
        return self.ids.count()

    def all(self) -> "Materialized":
        return self

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list:
        return self.materialize(list(self.ids[item]))
