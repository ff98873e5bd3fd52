"""`flask --app panelhire purge [--dry-run]`: apply the retention policy (run it daily)."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import Flask
from flask.cli import with_appcontext

from panelhire.core.formatting import local_today
from panelhire.extensions import db
from panelhire.models.base import now_utc


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Say what would be anonymised; change nothing.")
@with_appcontext
def purge_command(dry_run: bool) -> None:
    """Anonymise candidates' records whose retention period has ended, and forget old
    once-only form keys."""
    from panelhire.core.once import forget_sent_before
    from panelhire.privacy.services import purge

    report = purge(None, local_today(), dry_run=dry_run)
    if not dry_run:
        # A form's once-only key guards against the same page being sent again within
        # moments or hours; a week on, nobody resends it.
        forgotten = forget_sent_before(now_utc() - timedelta(days=7))
        db.session.commit()
        click.echo(f"Forgot {forgotten} once-only form keys older than a week.")
    for line in report.lines():
        click.echo(line)


def register(app: Flask) -> None:
    app.cli.add_command(purge_command)
