"""Refuse input no person can type: NUL bytes break PostgreSQL text and are never meant."""

from __future__ import annotations

from flask import abort, request


def refuse_nul_bytes() -> None:
    for values in (request.args, request.form):
        for key, value in values.items(multi=True):
            if "\x00" in key or "\x00" in value:
                abort(400)
