"""The index writer: each product's stems in `SearchPosting`, the published products' words in
the vocabulary (`SearchWord`) with their one-deletion variants (`SearchWordVariant`)."""

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef

from edcluster.catalog.models import (
    LearningOutcome,
    Product,
    SearchPosting,
    SearchWord,
    SearchWordVariant,
)
from edcluster.catalog.search.terms import MAX_LENGTH, variants, words_of
from edcluster.core.bulk import bulk_insert
from edcluster.core.text import stem


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


TEXT_FIELDS = (
    "summary_ru",
    "summary_en",
    "description_ru",
    "description_en",
    "target_audience_ru",
    "target_audience_en",
)


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
                batch_size=5000,
                ignore_conflicts=True,
            )


def unindexed_ids() -> list[int]:
    """Products with no entry in the index: their indexing task was lost (its worker killed
    between a committed chunk and the task's queueing, say). Every product has a title, so an
    indexed product has at least one entry."""
    entries = SearchPosting.objects.filter(product=OuterRef("pk"))
    return list(Product.objects.filter(~Exists(entries)).values_list("pk", flat=True))


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
