"""Bulk reads of the postings by region and by skill, for the counts other apps make over them
(matching's demand a product meets): demand owns its tables, so the SQL over them is here.

The ids come back as numpy arrays: parsed in C rather than built as millions of Python tuples.
PostgreSQL concatenates them as 8-byte binary (its text or COPY forms cost three to four times
more here), given the memory to aggregate without spilling; SQLite as comma-joined text."""

from datetime import date

import numpy as np
from django.db import connection, transaction
from django.db.models import QuerySet

from edcluster.demand.models import JobPosting, PostingSkill


def _id_lists(sql: str, column: str, params: list) -> list[tuple]:
    """(key, ids) rows of a query that groups `column` into one value per key (`{ids}` in the
    SQL), with the ids as an array."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute(sql.format(ids=f"STRING_AGG(INT8SEND({column}), ''::bytea)"), params)
            return [
                (key, np.frombuffer(data, dtype=">i8").astype(np.int64))
                for key, data in cursor.fetchall()
            ]
        cursor.execute(sql.format(ids=f"GROUP_CONCAT({column})"), params)
        return [
            (key, np.fromstring(text, dtype=np.int64, sep=",")) for key, text in cursor.fetchall()
        ]


def posting_ids_by_region(*, start: date, end: date) -> list[tuple[str, np.ndarray]]:
    """(region, ids of its postings) of the postings counted in the months from `start` to
    `end` (the analytics' month and region of each), by region."""
    return _id_lists(
        f"SELECT fact_region, {{ids}} FROM {JobPosting._meta.db_table} WHERE fact_month >= %s "
        "AND fact_month <= %s GROUP BY fact_region ORDER BY fact_region",
        "id",
        [start, end],
    )


def posting_ids_by_skill(*, skills: QuerySet) -> list[tuple[int, np.ndarray]]:
    """(skill id, ids of the postings asking for it) of every skill the query selects (a
    `values_list` of skill ids, of any app's table), by skill id."""
    skills_sql, params = skills.query.sql_with_params()
    return _id_lists(
        f"SELECT skill_id, {{ids}} FROM {PostingSkill._meta.db_table} WHERE skill_id IN "
        f"({skills_sql}) GROUP BY skill_id ORDER BY skill_id",
        "posting_id",
        list(params),
    )


def postings_by_region(*, skill_ids: list[int], start: date, end: date) -> dict[str, int]:
    """How many postings of the months from `start` to `end` ask for at least one of the
    skills, by region (exact)."""
    if not skill_ids:
        return {}
    facts, postings = PostingSkill._meta.db_table, JobPosting._meta.db_table
    marks = ", ".join(["%s"] * len(skill_ids))
    with connection.cursor() as cursor:
        cursor.execute(  # a semi-join: the fastest of three forms on both databases
            f"SELECT p.fact_region, COUNT(*) FROM {postings} p WHERE p.fact_month >= %s AND "
            f"p.fact_month <= %s AND p.id IN (SELECT posting_id FROM {facts} WHERE skill_id IN "
            f"({marks})) GROUP BY p.fact_region",
            [start, end, *skill_ids],
        )
        return dict(cursor.fetchall())
