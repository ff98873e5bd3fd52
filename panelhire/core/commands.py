"""Command-line tasks: `flask --app panelhire <command>`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from panelhire.extensions import db


def register(app: Flask) -> None:
    app.cli.add_command(demo_data)
    app.cli.add_command(create_admin)
    app.cli.add_command(backup)


@click.command("demo-data")
@with_appcontext
def demo_data() -> None:
    """Load the demo organisation once (does nothing if it is already there)."""
    from panelhire.core.demo import demo_loaded, load_demo
    from panelhire.core.formatting import local_today

    if current_app.config["PANELHIRE_ENV"] == "production":
        raise click.ClickException("Demo data is never loaded in production.")
    if demo_loaded():
        click.echo("Demo data is already loaded.")
        return
    load_demo(local_today())
    db.session.commit()
    click.echo("Demo data loaded.")


@click.command("create-admin")
@with_appcontext
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.password_option()
def create_admin(email: str, name: str, password: str) -> None:
    """Create the first administrator account (for a new production install)."""
    from panelhire.auth.models import Role
    from panelhire.auth.services import create_user

    if len(password) < 12:
        raise click.ClickException("Use a password of at least 12 characters.")
    create_user(
        display_name=name,
        roles={Role.ADMIN, Role.HR},
        email=email.strip().lower(),
        password=password,
    )
    db.session.commit()
    click.echo(f"Administrator {email} created.")


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup(path: Path) -> None:
    """Write a consistent copy of the SQLite database to PATH (PostgreSQL: see the README)."""
    from panelhire.audit.services import record
    from panelhire.core.backup import BackupError, backup_sqlite

    try:
        written = backup_sqlite(db.engine, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    record("backup", summary="database backed up")
    db.session.commit()
    click.echo(f"Backup written to {written}")
