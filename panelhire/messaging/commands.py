"""`flask --app panelhire send-outbox`: safe to run every minute from cron or a timer."""

from __future__ import annotations

import click

from panelhire.messaging.outbox import send_due


@click.command("send-outbox")
@click.option("--limit", default=200, show_default=True, help="Most messages to try this run.")
def send_outbox(limit: int) -> None:
    """Send queued email that is due, retrying failures with growing gaps."""
    report = send_due(limit=limit)
    click.echo(f"Outbox: {report}.")
