"""URL parts that name a database row."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter, Map

# Row ids are PostgreSQL `integer`s. A larger number in a URL matches no route (a 404) instead
# of reaching the database, which would refuse it with an error (a 500).
LARGEST_ID = 2**31 - 1


class RowIdConverter(IntegerConverter):
    """`<int:...>` in every route: a whole number from 0 to the largest id a row can have."""

    def __init__(self, url_map: Map, fixed_digits: int = 0, min: int | None = None) -> None:  # noqa: A002
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=LARGEST_ID)
