"""The hot path of the public catalog: one word answered from the index alone, in plain SQL."""

from django.db import connection

from edcluster.catalog.models import Product, SearchPosting
from edcluster.catalog.search.terms import Token
from edcluster.core.bulk import binary_value


class PublicIndex:
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
            sql = (
                f"SELECT COUNT(*) FROM (SELECT DISTINCT product_id FROM ({union}) AS found "
                "LIMIT %s) AS products"
            )
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

    def tier(self, *, in_title: bool) -> "Tier":
        return Tier(self, in_title)


class Ids:
    """Ids that `sql` selects, newest first, sliceable and countable (for SearchResults)."""

    sql: str
    params: list
    column: str

    def __init__(self, index: "PublicIndex") -> None:
        self.index = index

    def count(self) -> int:
        return self.index.query(f"SELECT COUNT(*) FROM ({self.sql}) AS found", self.params)[0][0]

    def __getitem__(self, item: slice) -> list[int]:
        start, stop = item.start or 0, item.stop
        sql = f"{self.sql} ORDER BY {self.column} DESC LIMIT %s OFFSET %s"
        return [row[0] for row in self.index.query(sql, [*self.params, stop - start, start])]


class Tier(Ids):
    """Products of one exact word with (or without) it in a title: in index order."""

    column = "product_id"

    def __init__(self, index: "PublicIndex", in_title: bool) -> None:
        super().__init__(index)
        where, self.params = index.where(titles=in_title)
        self.sql = f"SELECT product_id {where}"


class Walk(Ids):
    """Published products newest first that have the token in a title (or only elsewhere),
    found by probing the index per product: quick when matches are dense."""

    column = "p.id"

    def __init__(self, index: "PublicIndex", *, titles: bool) -> None:
        super().__init__(index)
        products = connection.ops.quote_name(Product._meta.db_table)
        probe = (
            f"SELECT 1 FROM {index.table} s WHERE s.product_id = p.id AND s.public = %s "
            f"AND ({index.terms})"
        )
        title = f"EXISTS ({probe} AND s.in_title = %s)"
        if titles:
            condition, params = title, [True, *index.term_params, True]
        else:
            condition = f"EXISTS ({probe}) AND NOT {title}"
            params = [True, *index.term_params, True, *index.term_params, True]
        self.sql = f"SELECT p.id FROM {products} p WHERE p.status = %s AND {condition}"
        self.params = [Product.Status.PUBLISHED.value, *params]
