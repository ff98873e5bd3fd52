from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from panelhire.auth.models import User
from panelhire.training import imports
from panelhire.training.models import TrainingRecord
from tests.factories import make_resident, make_service
from tests.training.factories import make_module

RESIDENTS_HEADER = "name,preferred_name,service,username,email,mobile,contact_channel\n"
TRAINING_HEADER = "username,module,completed_on,trainer\n"


def _users(db):
    return db.session.execute(select(func.count(User.id))).scalar()


def test_a_clean_residents_file_imports_once_and_twice_changes_nothing(db):
    make_service(name="Riverside House")
    data = (
        RESIDENTS_HEADER
        + "Dee Morgan,Dee,Riverside House,dee,,07700 900100,text\n"
        + "Sam Reid,,riverside house,sam,sam@example.org,,email\n"
    ).encode()
    before = _users(db)
    first = imports.check("residents", data)
    assert first.clean and len(first.to_add) == 2
    assert imports.apply(None, first) == 2
    assert _users(db) == before + 2
    dee = db.session.execute(select(User).where(User.username == "dee")).scalar_one()
    assert dee.resident.service.name == "Riverside House" and dee.resident.contact_channel == "text"
    second = imports.check("residents", data)
    assert second.clean and not second.to_add and len(second.unchanged) == 2
    imports.apply(None, second)
    assert _users(db) == before + 2


def test_every_bad_row_gets_its_reason_and_nothing_is_written(db):
    make_service(name="Riverside House")
    make_resident(username="taken", name="Someone Else")
    data = (
        RESIDENTS_HEADER
        + "Good Person,,Riverside House,good,,,keyworker\n"
        + "Bad Service,,Moon Base,moon,,,keyworker\n"
        + "Taken Name,,,taken,,,keyworker\n"
        + "Bad Email,,,bademail,not-an-email,,keyworker\n"
        + "Twice,,,good,,,keyworker\n"
    ).encode()
    before = _users(db)
    preview = imports.check("residents", data)
    assert not preview.clean
    reasons = {row.line: "; ".join(row.errors) for row in preview.rejected}
    assert "unknown service 'Moon Base'" in reasons[3]
    assert "duplicate username" in reasons[4]
    assert "malformed email" in reasons[5]
    assert "duplicate username 'good' (also on row 2)" in reasons[6]
    assert 2 not in reasons
    assert _users(db) == before


def test_a_file_that_is_not_utf8_is_named_by_row(db):
    data = RESIDENTS_HEADER.encode() + "Zoë,,,zoe,,,keyworker\n".encode("latin-1")
    preview = imports.check("residents", data)
    assert not preview.clean
    assert preview.file_errors[0].startswith("Row 2: not readable text (bad encoding)")


def test_wrong_columns_are_refused(db):
    preview = imports.check("training", b"user,course\nx,y\n")
    assert "first row must name the columns" in preview.file_errors[0]


def test_training_records_import_with_both_date_styles_and_expiry(db):
    skills = make_module(name="Interview skills", valid_months=24)
    dee = make_resident(username="dee")
    data = (
        TRAINING_HEADER
        + "dee,Interview skills,2026-01-10,Tom Okafor\n"
        + "DEE,interview skills,10/02/2026,Tom Okafor\n"
    ).encode()
    preview = imports.check("training", data)
    assert preview.clean, preview.rejected
    imports.apply(None, preview)
    rows = (
        db.session.execute(select(TrainingRecord).where(TrainingRecord.user_id == dee.id))
        .scalars()
        .all()
    )
    assert sorted(r.completed_on for r in rows) == [date(2026, 1, 10), date(2026, 2, 10)]
    assert {r.module_id for r in rows} == {skills.id}
    assert imports.check("training", data).to_add == []


def test_training_rows_name_every_problem(db):
    make_module(name="Interview skills")
    make_resident(username="dee")
    data = (
        TRAINING_HEADER
        + "ghost,Interview skills,2026-01-10,Tom\n"
        + "dee,Juggling,2026-01-10,Tom\n"
        + "dee,Interview skills,31/02/2026,Tom\n"
        + "dee,Interview skills,2099-01-01,Tom\n"
        + "dee,Interview skills,2026-01-10,Tom\n"
        + "dee,Interview skills,10/01/2026,Tom\n"
    ).encode()
    preview = imports.check("training", data)
    reasons = {row.line: "; ".join(row.errors) for row in preview.rejected}
    assert reasons[2] == "unknown resident 'ghost'"
    assert reasons[3] == "unknown module 'Juggling'"
    assert reasons[4].startswith("bad date '31/02/2026'")
    assert reasons[5] == "completed_on is in the future"
    assert reasons[7] == "duplicate record (same as row 6)"


def test_training_dates_before_2000_or_far_in_the_future_are_refused(db):
    make_module(name="Interview skills")
    make_resident(username="dee")
    data = (
        TRAINING_HEADER
        + "dee,Interview skills,1800-01-01,Tom\n"
        + "dee,Interview skills,31/12/1999,Tom\n"
        + "dee,Interview skills,9999-01-01,Tom\n"
        + "dee,Interview skills,01/01/2000,Tom\n"
    ).encode()
    preview = imports.check("training", data)
    reasons = {row.line: "; ".join(row.errors) for row in preview.rejected}
    assert reasons == {
        2: "completed_on is before 1 January 2000",
        3: "completed_on is before 1 January 2000",
        4: "completed_on is in the future",
    }


def test_a_cell_too_long_for_the_csv_reader_is_a_file_problem_not_a_crash(db):
    data = TRAINING_HEADER + f'dee,Interview skills,2026-01-01,"{"x" * 200_000}"\n'
    preview = imports.check("training", data.encode())
    assert not preview.clean
    assert preview.file_errors == [
        "Row 2: a cell is too long to read. Check the file and try again"
    ]
    residents = imports.check(
        "residents", (RESIDENTS_HEADER + "y" * 140_000 + ",,,lee,,,\n").encode()
    )
    assert residents.file_errors[0].startswith("Row 2: a cell is too long")


def test_rows_are_held_to_the_forms_lengths_and_refuse_hidden_characters(db):
    """The forms refuse these; an import must not slip them past (PostgreSQL would then fail)."""
    make_module(name="Interview skills")
    make_resident(username="dee")
    training = imports.check(
        "training",
        (
            TRAINING_HEADER
            + f"dee,Interview skills,2026-01-01,{'t' * 10_000}\n"
            + "dee,Interview skills,2026-01-02,Tom\x00Okafor\n"
            + f"dee,Interview skills,2026-01-03,{'t' * 120}\n"
        ).encode(),
    )
    reasons = {row.line: "; ".join(row.errors) for row in training.rejected}
    assert reasons == {
        2: "trainer is longer than 120 characters",
        3: "trainer has a hidden character in it (such as a tab); retype it",
    }
    residents = imports.check(
        "residents",
        (
            RESIDENTS_HEADER
            + f"{'n' * 5_000},,,long,,,keyworker\n"
            + f"Dee Morgan,{'p' * 121},,pref,,,keyworker\n"
            + "Sam\tReid,,,sam,,,keyworker\n"
        ).encode(),
    )
    reasons = {row.line: "; ".join(row.errors) for row in residents.rejected}
    assert reasons[2] == "name is longer than 120 characters"
    assert reasons[3] == "preferred_name is longer than 120 characters"
    assert reasons[4].startswith("name has a hidden character")
    with pytest.raises(ValueError, match="never imported"):
        imports.apply(None, residents)


def test_the_command_checks_then_commits_and_exits_non_zero_on_rejects(app, db, tmp_path):
    make_service(name="Riverside House")
    runner = app.test_cli_runner()
    good = tmp_path / "good.csv"
    good.write_text(RESIDENTS_HEADER + "Dee Morgan,Dee,Riverside House,dee,,,keyworker\n")
    checked = runner.invoke(args=["import-residents", str(good)])
    assert checked.exit_code == 0 and "--commit" in checked.output
    assert db.session.execute(select(User).where(User.username == "dee")).first() is None
    done = runner.invoke(args=["import-residents", str(good), "--commit"])
    assert done.exit_code == 0 and "1 added" in done.output
    again = runner.invoke(args=["import-residents", str(good), "--commit"])
    assert "0 added, 1 already there" in again.output
    bad = tmp_path / "bad.csv"
    bad.write_text(RESIDENTS_HEADER + "Lee,,Nowhere,lee,,,keyworker\n")
    refused = runner.invoke(args=["import-residents", str(bad), "--commit"])
    assert refused.exit_code == 1
    assert "Row 2: unknown service 'Nowhere'" in refused.output
    assert db.session.execute(select(User).where(User.username == "lee")).first() is None


def test_the_training_command_refuses_a_bad_file(app, db, tmp_path):
    bad = tmp_path / "t.csv"
    bad.write_text(TRAINING_HEADER + "ghost,Nothing,yesterday,\n")
    result = app.test_cli_runner().invoke(args=["import-training", str(bad), "--commit"])
    assert result.exit_code == 1
    assert "unknown resident 'ghost'" in result.output
