"""Training commands: training-reminders, import-residents and import-training."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from panelhire.extensions import db


def register(app: Flask) -> None:
    app.cli.add_command(training_reminders)
    app.cli.add_command(import_residents)
    app.cli.add_command(import_training)


@click.command("training-reminders")
@click.option("--days", default=30, show_default=True, help="Warn this many days ahead.")
@with_appcontext
def training_reminders(days: int) -> None:
    """Remind everyone whose required training expires soon. Safe to run daily."""
    from panelhire.training.overview import training_due
    from panelhire.training.reminders import queue_reminders

    due = training_due(within_days=days)
    if not due:
        click.echo(f"Nobody's required training expires in the next {days} days.")
        return
    click.echo(f"Required training expiring in the next {days} days:")
    for item in due:
        click.echo(
            f"  {item.name} ({item.kind}): {item.module} expires {item.expires_on:%d/%m/%Y}"
            f" - contact by {item.channel}"
        )
    report = queue_reminders(due)
    db.session.commit()
    click.echo(
        f"Reminders sent now: {report.emailed} by email, {report.texted} by text message "
        "(reminders already sent are not repeated)."
    )
    for item in report.by_hand:
        click.echo(f"  Contact by hand: {item.name} ({item.channel}) about {item.module}")


def _run_import(kind: str, path: Path, commit: bool) -> None:
    from panelhire.training import imports

    preview = imports.check(kind, path.read_bytes())
    for problem in preview.file_errors:
        click.echo(problem, err=True)
    for row in preview.rejected:
        click.echo(f"Row {row.line}: {'; '.join(row.errors)}", err=True)
    if not preview.clean:
        click.echo(
            f"{len(preview.rejected)} row(s) rejected; nothing was imported. "
            "Fix the file and try again.",
            err=True,
        )
        sys.exit(1)
    summary = f"{len(preview.to_add)} to add, {len(preview.unchanged)} already there"
    if not commit:
        click.echo(f"The file is clean: {summary}. Run again with --commit to import it.")
        return
    added = imports.apply(None, preview)
    db.session.commit()
    click.echo(f"Imported: {added} added, {len(preview.unchanged)} already there.")


@click.command("import-residents")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--commit", is_flag=True, help="Write the rows (without it, only check the file).")
def import_residents(file: Path, commit: bool) -> None:
    """Import residents: name,preferred_name,service,username,email,mobile,contact_channel."""
    _run_import("residents", file, commit)


@click.command("import-training")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--commit", is_flag=True, help="Write the rows (without it, only check the file).")
def import_training(file: Path, commit: bool) -> None:
    """Import training records: username,module,completed_on,trainer."""
    _run_import("training", file, commit)
