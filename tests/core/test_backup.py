from __future__ import annotations

import sqlite3
import threading

from panelhire import create_app
from panelhire.auth.models import Role, User
from panelhire.auth.services import create_user
from panelhire.extensions import db
from tests.conftest import TEST_CONFIG


def _sqlite_app(tmp_path):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/live.db"})
    with app.app_context():
        db.create_all()
    return app


def test_backup_restores_with_the_data_while_writers_carry_on(tmp_path):
    app = _sqlite_app(tmp_path)
    with app.app_context():
        for n in range(20):
            create_user(display_name=f"Person {n}", roles={Role.STAFF}, email=f"p{n}@x.test")
        db.session.commit()

    stop = threading.Event()

    def keep_writing():
        n = 100
        with app.app_context():
            while not stop.is_set() and n < 400:
                create_user(display_name=f"Later {n}", roles={Role.STAFF}, email=f"l{n}@x.test")
                db.session.commit()
                n += 1

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.db")])
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output

    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    names = {row[0] for row in copy.execute("SELECT display_name FROM user")}
    copy.close()
    assert {f"Person {n}" for n in range(20)} <= names

    restored = create_app(
        {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/copy.db"}
    )
    with restored.app_context():
        people = db.session.execute(db.select(User).where(User.email == "p7@x.test")).scalar_one()
        assert people.display_name == "Person 7"
        db.engine.dispose()
    with app.app_context():
        db.engine.dispose()


def test_backup_never_overwrites(tmp_path):
    app = _sqlite_app(tmp_path)
    (tmp_path / "exists.db").write_text("keep me")
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "exists.db")])
    assert result.exit_code != 0 and "already exists" in result.output
    assert (tmp_path / "exists.db").read_text() == "keep me"
    with app.app_context():
        db.engine.dispose()
