"""The rostering package stays pure and keeps the public API it had as a single module."""

from __future__ import annotations

import ast
from pathlib import Path

import panelhire.panels.rostering as rostering

PACKAGE = Path(rostering.__file__).parent
PUBLIC = {
    "DEFAULT_TRAVEL_BUFFER",
    "Commitment",
    "ExcludedResident",
    "Month",
    "PanelId",
    "PanelSlot",
    "Plan",
    "RankedResident",
    "Ranking",
    "ResidentId",
    "RosterResident",
    "plan",
    "rank_for_panel",
}


def test_the_public_api_is_importable_from_the_package():
    assert set(rostering.__all__) == PUBLIC
    assert all(hasattr(rostering, name) for name in PUBLIC)


def test_no_module_imports_flask_or_the_database():
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text())
        imported = [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        for name in imported:
            assert not name.startswith(("flask", "sqlalchemy", "panelhire.extensions")), (
                path.name,
                name,
            )
            assert not name.startswith("panelhire.") or name.startswith(
                "panelhire.panels.rostering."
            ), (path.name, name)


def test_modules_stay_small():
    for path in PACKAGE.glob("*.py"):
        assert len(path.read_text().splitlines()) < 300, path.name
