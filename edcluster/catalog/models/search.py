"""The catalog's search index: stemmed terms per product, and the words for completions."""

from django.db import models

from edcluster.catalog.models.products import Product


class TermField(models.CharField):
    """A search term or word, compared byte by byte on every database (collation "C" on
    PostgreSQL, SQLite's default), so that a prefix is an index range everywhere."""

    def db_parameters(self, connection):
        parameters = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            parameters["collation"] = "C"
        return parameters


class SearchPosting(models.Model):
    """One stemmed term of a product's text: the inverted index behind catalog search.

    A row per (product, term); `in_title` when the term is in a title. `public` mirrors the
    product's published status so that public searches never touch other products.
    """

    pk = models.CompositePrimaryKey("product", "term")
    # The primary key (product, term) serves lookups by product; a second index would only
    # tempt the planner.
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+", db_index=False)
    term = TermField(max_length=40)
    in_title = models.BooleanField(default=False)
    public = models.BooleanField(default=False)

    class Meta:
        indexes = [
            # Published (or not) rows in titles (or not) by exact term or prefix range, in
            # product order within a term.
            models.Index(
                fields=["public", "in_title", "term", "product"], name="catalog_posting_lookup"
            )
        ]

    def __str__(self) -> str:
        return self.term


class SearchWord(models.Model):
    """A word of published products, as written (folded): search-as-you-type completions."""

    word = TermField(max_length=40, unique=True)
    doc_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["word", "doc_count"], name="catalog_word_counted")]

    def __str__(self) -> str:
        return self.word


class SearchWordVariant(models.Model):
    """A word with one letter deleted (or the word itself): finds words one typo away."""

    pk = models.CompositePrimaryKey("variant", "word")
    variant = TermField(max_length=40)
    word = models.ForeignKey(SearchWord, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return self.variant
