"""`flask roster`: prints the plan as a table and applies it unless --dry-run."""

from __future__ import annotations

from panelhire.panels.commands import roster_command
from tests.factories import make_panel
from tests.panels.factories import NEXT_WEEK, make_appointer, make_trained_resident


def _run(app, *args):
    return app.test_cli_runner().invoke(roster_command, list(args))


def test_dry_run_prints_the_plan_and_changes_nothing(app, db):
    dee = make_trained_resident(name="Dee Morgan")
    panel = make_panel(day=NEXT_WEEK, members=[(make_appointer(), "chair")])
    day = NEXT_WEEK.isoformat()
    result = _run(app, "--from", day, "--to", day, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Dee Morgan" in result.output and "1 of 1 panels covered" in result.output
    assert "Dry run" in result.output
    assert panel.active_members("resident") == []
    result = _run(app, "--from", day, "--to", day)
    assert "Plan applied" in result.output
    assert [m.user for m in panel.active_members("resident")] == [dee]


def test_bad_dates_are_refused_plainly(app, db):
    result = _run(app, "--from", "02/03/2026", "--to", "2026-03-05")
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.output
    result = _run(app, "--from", "2026-03-05", "--to", "2026-03-01")
    assert result.exit_code != 0 and "before the first day" in result.output


def test_the_command_is_registered_on_the_app(app):
    assert "roster" in app.cli.list_commands(app.app_context()) or "roster" in [
        c for c in app.cli.commands
    ]
