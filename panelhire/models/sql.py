"""SQL that PostgreSQL and SQLite spell differently, written once."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class json_object_of(FunctionElement):  # noqa: N801 - reads like the SQL function it stands for
    """An aggregate building one JSON object (as text) from key and value columns: lets a
    handful of rows, such as a scale's labels, ride along in another statement's single row.
    Read it back with `read_json_object`."""

    type = Text()
    inherit_cache = True
    name = "json_object_of"


@compiles(json_object_of, "postgresql")
def _postgresql(element: json_object_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(json_object_agg({compiler.process(element.clauses, **kw)}) AS TEXT)"


@compiles(json_object_of)
def _sqlite(element: json_object_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_group_object({compiler.process(element.clauses, **kw)})"


def read_json_object(text: str | None) -> dict[str, Any]:
    """A `json_object_of` column as a dict (keys are strings); no rows gives an empty dict."""
    return json.loads(text) if text else {}
