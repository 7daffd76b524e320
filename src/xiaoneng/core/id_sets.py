"""Filters on a set of ids that stay cheap when the set is large.

A batch of the bulk import names a few thousand cases by id. `field__in=[...]` makes Django
prepare every id as a parameter (about 10 ms per query for 2,000 ids, several queries per
batch) and sends a statement that long. The ids of a batch are nearly always consecutive,
since the import inserts them in order, and then `BETWEEN min AND max` selects exactly the
same rows: any row in the range has an id of the set.

With such a batch of cases, a condition on a column of few values (an event's kind) must not
steer the database to that column's index: SQLite, without statistics, then walks the kind
index over every event of that kind ever stored — a cost that grows with the table — instead
of the batch's cases. `unindexed(column)` compares the column through an expression
(`column || ''`), which no index serves, so the case index is used on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, Q, Value
from django.db.models.functions import Concat


def in_ids(field: str, ids: Iterable[int]) -> Q:
    """`field` is one of `ids`: a range when the ids are consecutive, else an IN list."""
    unique = sorted(set(ids))
    if not unique:
        return Q(**{f"{field}__in": []})
    low, high = unique[0], unique[-1]
    if high - low + 1 == len(unique):
        return Q(**{f"{field}__gte": low, f"{field}__lte": high})
    return Q(**{f"{field}__in": unique})


def unindexed(column: str) -> Concat:
    """`column` as an expression no index answers (`column || ''`); alias it and filter on the
    alias."""
    return Concat(F(column), Value(""))
