"""`flask --app panelhire purge [--dry-run]`: apply the retention policy (run it daily)."""

from __future__ import annotations

from datetime import date

import click
from flask import Flask
from flask.cli import with_appcontext

from panelhire.extensions import db


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Say what would be anonymised; change nothing.")
@with_appcontext
def purge_command(dry_run: bool) -> None:
    """Anonymise candidates' records whose retention period has ended."""
    from panelhire.privacy.services import purge

    report = purge(None, date.today(), dry_run=dry_run)
    if not dry_run:
        db.session.commit()
    for line in report.lines():
        click.echo(line)


def register(app: Flask) -> None:
    app.cli.add_command(purge_command)
