"""`flask --app panelhire roster --from YYYY-MM-DD --to YYYY-MM-DD [--dry-run]`."""

from __future__ import annotations

from datetime import datetime

import click

from panelhire.extensions import db
from panelhire.panels import queries, services
from panelhire.training.facts import organisation_zone


def _day(ctx, param, value: str):  # noqa: ANN001, ANN202
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter("use the form YYYY-MM-DD, for example 2026-03-02") from None


@click.command("roster")
@click.option("--from", "start", required=True, callback=_day, help="First day, YYYY-MM-DD.")
@click.option("--to", "end", required=True, callback=_day, help="Last day, YYYY-MM-DD.")
@click.option("--dry-run", is_flag=True, help="Print the plan without applying it.")
def roster_command(start, end, dry_run: bool) -> None:  # noqa: ANN001
    """Plan residents for every panel in the range still lacking one, and apply the plan."""
    if end < start:
        raise click.BadParameter("the last day is before the first day", param_hint="--to")
    rows = queries.plan_range(start, end)
    if not rows:
        click.echo("Every panel in that range already has an eligible resident.")
        return
    tz = organisation_zone()
    click.echo(f"{'Panel':<44} Resident, or why it stays uncovered")
    for row in rows:
        when = row.panel.starts_at.astimezone(tz).strftime("%d/%m/%Y %H:%M")
        label = f"#{row.panel.id} {row.panel.vacancy.title[:24]} {when}"
        click.echo(f"{label:<44} {row.resident.display_name if row.resident else row.reason}")
    covered = sum(1 for r in rows if r.resident)
    click.echo(f"{covered} of {len(rows)} panels covered.")
    if dry_run:
        click.echo("Dry run: nothing changed.")
        return
    try:
        services.apply_plan(None, rows)
    except services.PanelError as refused:
        db.session.rollback()
        raise click.ClickException(refused.message) from None
    db.session.commit()
    click.echo("Plan applied.")
