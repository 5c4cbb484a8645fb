"""Catalog search that understands Russian and English word forms, on SQLite and PostgreSQL.

Words are folded (case, ё) and stemmed with Snowball (Russian for Cyrillic words, English for
Latin ones), so "программированию" finds "программирование" and "programs" finds "programming".
Each product's stems sit in an inverted index (`SearchPosting`); the words of published products
form a vocabulary (`SearchWord`) for completions, with their one-deletion variants
(`SearchWordVariant`) for typo tolerance. The same tables and queries serve both databases, so
results agree between the embedded default and production.
"""

import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import snowballstemmer
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Exists, OuterRef, Q, Value, When

from edcluster.catalog.models import (
    LearningOutcome,
    Product,
    SearchPosting,
    SearchWord,
    SearchWordVariant,
)
from edcluster.core.bulk import binary_value, bulk_insert

MAX_LENGTH = 40  # longer words are cut; the columns are this wide
MIN_PREFIX = 3  # a last word shorter than this is matched whole, not as a prefix
WORD = re.compile(r"[^\W_]+")
CYRILLIC = re.compile(r"[а-я]")
LATIN = re.compile(r"[a-z]")
# Words too common to help; they are neither indexed nor searched for.
STOP_WORDS = frozenset(
    "и в во не на с со к ко по о об от до из за для при без под над у а но или ли же бы то "
    "как что это его ее их все так также the of and or in on at to for with by from an a is "
    "are be as into this that".split()
)


class _Stemmers(threading.local):
    """Snowball stemmers are not thread-safe: one pair per thread."""

    def __init__(self) -> None:
        self.russian = snowballstemmer.stemmer("russian")
        self.english = snowballstemmer.stemmer("english")
        self.cache: dict[str, str] = {}


_stemmers = _Stemmers()


def fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


def words_of(text: str) -> list[str]:
    """The searchable words of a text, folded, in order (stop words and single letters out)."""
    return [
        word[:MAX_LENGTH]
        for word in WORD.findall(fold(text))
        if (len(word) > 1 or word.isdigit()) and word not in STOP_WORDS
    ]


def stem(word: str) -> str:
    cache = _stemmers.cache
    result = cache.get(word)
    if result is None:
        if CYRILLIC.search(word):
            result = _stemmers.russian.stemWord(word)
        elif LATIN.search(word):
            result = _stemmers.english.stemWord(word)
        else:
            result = word
        if len(cache) > 200_000:
            cache.clear()
        cache[word] = result
    return result


@dataclass(frozen=True)
class Token:
    word: str
    term: str
    prefix: bool  # the word may still be being typed


def parse(query: str, *, prefix_last: bool = True) -> list[Token]:
    """A query's tokens; the last one is also a prefix unless the query ends with a space."""
    found = words_of(query)
    typing = prefix_last and bool(query) and not query[-1].isspace()
    return [
        Token(word, stem(word), typing and position == len(found) - 1 and len(word) >= MIN_PREFIX)
        for position, word in enumerate(found)
    ]


def starts_with(field: str, prefix: str) -> Q:
    """A prefix as a range of bytes: an index range on every database (the terms are compared
    byte by byte, see TermField; SQLite's LIKE would ignore case and the index)."""
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + "\U0010ffff"})


def token_terms(token: Token) -> Q:
    """Postings of a token: its stem, or any term it begins while being typed."""
    exact = Q(term=token.term)
    return exact | starts_with("term", token.word) if token.prefix else exact


# Every posting: the flags lead the index, so a search by term alone names all their values.
ANY_FLAGS = Q(public__in=[True, False], in_title__in=[True, False])


# ---------------------------------------------------------------- indexing


@dataclass
class Document:
    terms: dict[str, bool]  # stem → appears in a title
    words: set[str]


def document(*, titles: Iterable[str], texts: Iterable[str]) -> Document:
    terms: dict[str, bool] = {}
    words: set[str] = set()
    for text in titles:
        for word in words_of(text):
            terms[stem(word)] = True
            words.add(word)
    for text in texts:
        for word in words_of(text):
            terms.setdefault(stem(word), False)
            words.add(word)
    return Document(terms={term[:MAX_LENGTH]: hit for term, hit in terms.items()}, words=words)


TEXT_FIELDS = ("summary_ru", "summary_en", "description_ru", "description_en",
               "target_audience_ru", "target_audience_en")  # fmt: skip


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


@transaction.atomic
def index_products(product_ids: Iterable[int]) -> None:
    """(Re)build the index rows of these products from their current text and status.

    Replaces, never appends: safe to run twice and after any change. Called by every catalog
    service that changes a product's text or status, and by `manage.py catalog_reindex`.
    """
    ids = sorted(set(product_ids))
    for chunk in _chunks(ids, 1000):
        outcomes: dict[int, list[str]] = {}
        for product_id, text in LearningOutcome.objects.filter(product__in=chunk).values_list(
            "product_id", "text"
        ):
            outcomes.setdefault(product_id, []).append(text)
        postings: list[tuple[int, str, bool, bool]] = []
        delta: Counter[str] = Counter()
        changed_words: list[Product] = []
        rows = Product.objects.filter(pk__in=chunk).values(
            "pk", "status", "title_ru", "title_en", "search_words", *TEXT_FIELDS
        )
        for row in rows:
            doc = document(
                titles=(row["title_ru"], row["title_en"]),
                texts=[*(row[name] for name in TEXT_FIELDS), *outcomes.get(row["pk"], ())],
            )
            public = row["status"] == Product.Status.PUBLISHED
            postings.extend((row["pk"], term, hit, public) for term, hit in doc.terms.items())
            counted = doc.words if public else set()
            before = set(row["search_words"].split())
            if counted != before:
                delta.update(counted - before)
                delta.subtract(before - counted)
                changed_words.append(Product(pk=row["pk"], search_words=" ".join(sorted(counted))))
        SearchPosting.objects.filter(product__in=chunk).delete()
        bulk_insert(SearchPosting, ("product_id", "term", "in_title", "public"), postings)
        Product.objects.bulk_update(changed_words, ["search_words"], batch_size=500)
        _vocabulary_apply(delta)


def index_later(product_ids: list[int]) -> None:
    """Index these products after the transaction commits, in the background: bulk imports do
    not wait for the search index (with the in-process task backend it runs at once)."""
    from edcluster.catalog.tasks import reindex_products

    ids = sorted(set(product_ids))

    def enqueue(chunk: list[int]) -> None:
        transaction.on_commit(lambda: reindex_products.enqueue(product_ids=chunk))

    for start in range(0, len(ids), 1000):
        enqueue(ids[start : start + 1000])


def _vocabulary_apply(delta: Counter[str]) -> None:
    """Add the words new to the vocabulary (with their typo variants) and move the counts."""
    added = [word for word, change in delta.items() if change > 0]
    known: set[str] = set()
    for chunk in _chunks(added, 2000):  # type: ignore[arg-type]
        known |= set(SearchWord.objects.filter(word__in=chunk).values_list("word", flat=True))
    new = [word for word in added if word not in known]
    SearchWord.objects.bulk_create(
        [SearchWord(word=word) for word in new], batch_size=2000, ignore_conflicts=True
    )
    changes = [(word, change) for word, change in delta.items() if change]
    table = connection.ops.quote_name(SearchWord._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(changes), 1000):
            batch = changes[start : start + 1000]
            values = ", ".join(["(%s, %s)"] * len(batch))
            # One statement per thousand words (UPDATE … FROM: PostgreSQL, SQLite 3.33+).
            cursor.execute(
                f"WITH delta(word, change) AS (VALUES {values}) "
                f"UPDATE {table} SET doc_count = {table}.doc_count + delta.change "
                f"FROM delta WHERE {table}.word = delta.word",
                [value for pair in batch for value in pair],
            )
    if new:
        ids: dict[str, int] = {}
        for chunk in _chunks(new, 2000):  # type: ignore[arg-type]
            ids.update(SearchWord.objects.filter(word__in=chunk).values_list("word", "pk"))
        rows = [(variant, ids[word]) for word in new for variant in variants(word)]
        try:
            with transaction.atomic():
                bulk_insert(SearchWordVariant, ("variant", "word_id"), rows)
        except IntegrityError:  # another import added some of these words at the same moment
            SearchWordVariant.objects.bulk_create(
                [SearchWordVariant(variant=v, word_id=w) for v, w in rows],
                batch_size=5000, ignore_conflicts=True,
            )  # fmt: skip


def variants(word: str) -> set[str]:
    """The word and every way of deleting one letter from it (symmetric-delete spelling)."""
    if len(word) < 4:
        return {word}
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def rebuild() -> int:
    """Rebuild the whole index and vocabulary from the products (after a bulk load)."""
    with transaction.atomic():
        SearchWordVariant.objects.all().delete()
        SearchWord.objects.all().delete()
        SearchPosting.objects.all().delete()
        Product.objects.exclude(search_words="").update(search_words="")
    ids = list(Product.objects.values_list("pk", flat=True))
    for chunk in _chunks(ids, 5000):
        index_products(chunk)
    return len(ids)


# ---------------------------------------------------------------- typo tolerance


def distance(a: str, b: str, limit: int = 1) -> int:
    """Optimal-string-alignment distance (a transposition counts one), or limit + 1 if above."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def near_words(word: str, *, limit: int = 5) -> list[str]:
    """Vocabulary words one typo away from `word`, the most used first."""
    if len(word) < 4:
        return []
    rows = (
        SearchWordVariant.objects.filter(variant__in=variants(word), word__doc_count__gt=0)
        .values_list("word__word", "word__doc_count")
        .distinct()
    )
    found = sorted(
        ((count, text) for text, count in rows if text != word and distance(word, text) <= 1),
        key=lambda pair: (-pair[0], pair[1]),
    )
    return [text for _, text in found[:limit]]


def completions(prefix: str, *, limit: int = 8) -> list[str]:
    """Vocabulary words that begin with `prefix`, the most used first."""
    return list(
        SearchWord.objects.filter(starts_with("word", prefix), doc_count__gt=0)
        .order_by("-doc_count", "word")
        .values_list("word", flat=True)[:limit]
    )


def known_word(word: str) -> bool:
    return SearchWord.objects.filter(word=word, doc_count__gt=0).exists() or (
        SearchPosting.objects.filter(
            public=True, in_title__in=[True, False], term=stem(word)
        ).exists()
    )


# ---------------------------------------------------------------- ranked search

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

    def __init__(self, *, products, tokens: list[Token], order_by: tuple[str, ...] = (),
                 materialize: Callable[[list[int]], list] | None = None,
                 public: bool = False):  # fmt: skip
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
            )  # fmt: skip
            for position, token in enumerate(self.tokens)
        ]
        size, position = min(sizes)
        return self.tokens[position], size

    def _prepare_public(self) -> bool:
        """One word, the public catalog, best match first: answered from the index alone, in
        plain SQL (this is the hot path of search-as-you-type; see bench/catalog_search.py)."""
        if not (self.public and len(self.tokens) == 1 and not self.order_by):
            return False
        index = _PublicIndex(self.tokens[0])
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
            first: list[int] | _Walk = sorted(title_rows, reverse=True)
        else:
            first = _Walk(index, titles=True)
        rest = _Walk(index, titles=False)
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


class _PublicIndex:
    """Plain SQL over the published rows of the index for one token. The index leads with
    (public, in_title, term), and every query is a union of plain ranges of it: an OR of the
    stem and the prefix would make PostgreSQL's planner walk the whole table instead."""

    SCAN = 20_000  # rows read per range at most when counting distinct products

    def __init__(self, token: Token) -> None:
        self.token = token
        self.table = connection.ops.quote_name(SearchPosting._meta.db_table)
        self.ranges: list[tuple[str, list]] = [("term = %s", [token.term])]
        if token.prefix:  # terms compare as bytes everywhere (TermField): a prefix is a range
            upper = token.word + "\U0010ffff"
            self.ranges.append(("term >= %s AND term < %s", [token.word, upper]))
        self.terms = " OR ".join(f"({condition})" for condition, _values in self.ranges)
        self.term_params = [value for _condition, values in self.ranges for value in values]

    def where(self, titles: bool | None = None) -> tuple[str, list]:
        """FROM … WHERE of the published rows of the token, in titles, elsewhere, or either."""
        hit = "in_title IN (%s, %s)" if titles is None else "in_title = %s"
        sql = f"FROM {self.table} WHERE public = %s AND {hit} AND ({self.terms})"
        flags = [True, True, False] if titles is None else [True, titles]
        return sql, [*flags, *self.term_params]

    def union(self, columns: str, *, titles: bool | None = None, limit: int | None = None):
        """The rows of each range (each read at most `limit` rows), one after the other."""
        hit = "in_title IN (%s, %s)" if titles is None else "in_title = %s"
        flags = [True, True, False] if titles is None else [True, titles]
        parts, params = [], []
        for number, (condition, values) in enumerate(self.ranges):
            sql = f"SELECT {columns} FROM {self.table} WHERE public = %s AND {hit} AND {condition}"
            if limit is not None:
                sql += " LIMIT %s"
            parts.append(f"SELECT * FROM ({sql}) AS range{number}")
            params += [*flags, *values, *([limit] if limit is not None else [])]
        return " UNION ALL ".join(parts), params

    def query(self, sql: str, params: list) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def count(self, *, limit: int, distinct: bool = False, titles: bool | None = None) -> int:
        """Rows (or distinct products) up to about `limit`: exact below it."""
        if not distinct:
            union, params = self.union("product_id", titles=titles, limit=limit)
            return self.query(f"SELECT COUNT(*) FROM ({union}) AS found", params)[0][0]
        # PostgreSQL's DISTINCT reads every row before the LIMIT stops it: a short scan first
        # (most broad prefixes reach the limit in it, 3 ms instead of 6), the full one if not.
        # The answer is the same either way: both read each range in index order, so the
        # short scan's rows are the first of the full one's, which has the limit's products too.
        for scan in (min(self.SCAN, 4 * limit), self.SCAN):
            union, params = self.union("product_id", titles=titles, limit=scan)
            sql = (f"SELECT COUNT(*) FROM (SELECT DISTINCT product_id FROM ({union}) AS found "
                   "LIMIT %s) AS products")  # fmt: skip
            found = self.query(sql, [*params, limit])[0][0]
            if found >= limit or scan == self.SCAN:
                return found
        raise AssertionError("unreachable")

    def rows(self) -> list[tuple[int, bool]]:
        union, params = self.union("product_id, in_title")
        return self.query(union, params)

    def titles(self, *, limit: int) -> list[int] | None:
        """The products with the token in a title, or None if a range has `limit` rows or more
        (then they are walked instead): one query, not a count and then the rows."""
        union, params = self.union("product_id", titles=True, limit=limit)
        if connection.vendor == "postgresql":
            # one array in binary: a broad prefix has ~13,000 title rows, 7.4 ms as rows
            # (mostly making them in Python), 4.9 ms as an array parsed in C
            sql = f"SELECT array_agg(product_id) FROM ({union}) AS found"
            ids = binary_value(sql, params) or []
        else:
            ids = [row[0] for row in self.query(union, params)]
        if len(ids) >= limit:
            return None
        return list(set(ids))

    def tier(self, *, in_title: bool) -> "_Tier":
        return _Tier(self, in_title)


class _Ids:
    """Ids that `sql` selects, newest first, sliceable and countable (for SearchResults)."""

    sql: str
    params: list
    column: str

    def __init__(self, index: "_PublicIndex") -> None:
        self.index = index

    def count(self) -> int:
        return self.index.query(f"SELECT COUNT(*) FROM ({self.sql}) AS found", self.params)[0][0]

    def __getitem__(self, item: slice) -> list[int]:
        start, stop = item.start or 0, item.stop
        sql = f"{self.sql} ORDER BY {self.column} DESC LIMIT %s OFFSET %s"
        return [row[0] for row in self.index.query(sql, [*self.params, stop - start, start])]


class _Tier(_Ids):
    """Products of one exact word with (or without) it in a title: in index order."""

    column = "product_id"

    def __init__(self, index: "_PublicIndex", in_title: bool) -> None:
        super().__init__(index)
        where, self.params = index.where(titles=in_title)
        self.sql = f"SELECT product_id {where}"


class _Walk(_Ids):
    """Published products newest first that have the token in a title (or only elsewhere),
    found by probing the index per product: quick when matches are dense."""

    column = "p.id"

    def __init__(self, index: "_PublicIndex", *, titles: bool) -> None:
        super().__init__(index)
        products = connection.ops.quote_name(Product._meta.db_table)
        probe = (f"SELECT 1 FROM {index.table} s WHERE s.product_id = p.id AND s.public = %s "
                 f"AND ({index.terms})")  # fmt: skip
        title = f"EXISTS ({probe} AND s.in_title = %s)"
        if titles:
            condition, params = title, [True, *index.term_params, True]
        else:
            condition = f"EXISTS ({probe}) AND NOT {title}"
            params = [True, *index.term_params, True, *index.term_params, True]
        self.sql = f"SELECT p.id FROM {products} p WHERE p.status = %s AND {condition}"
        self.params = [Product.Status.PUBLISHED.value, *params]


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
