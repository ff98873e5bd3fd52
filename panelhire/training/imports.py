"""CSV imports of residents and training records, because HR keeps spreadsheets.

Every import is checked first, row by row. Nothing is written unless the whole file is clean,
and rows already in PanelHire are left alone, so importing the same file twice changes nothing
the second time.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select

from panelhire.audit.services import record
from panelhire.auth.models import CHANNEL_LABELS, ContactChannel, ResidentProfile, User
from panelhire.core.models import Service
from panelhire.extensions import db
from panelhire.training import residents as resident_services
from panelhire.training import services
from panelhire.training.models import TrainingModule, TrainingRecord

RESIDENT_COLUMNS = (
    "name",
    "preferred_name",
    "service",
    "username",
    "email",
    "mobile",
    "contact_channel",
)
TRAINING_COLUMNS = ("username", "module", "completed_on", "trainer")
KINDS = {"residents": RESIDENT_COLUMNS, "training": TRAINING_COLUMNS}
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,59}$")
MAX_ROWS = 5000
# The longest each free-text cell may be: the column it is stored in, as the forms allow.
TEXT_LIMITS = {
    "residents": {
        "name": User.display_name.type.length,
        "preferred_name": ResidentProfile.preferred_name.type.length,
    },
    "training": {"trainer": TrainingRecord.trainer_name.type.length},
}


@dataclass
class Row:
    line: int
    cells: dict[str, str]
    errors: list[str] = field(default_factory=list)
    already_there: bool = False


@dataclass
class Preview:
    kind: str
    rows: list[Row] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> list[Row]:
        return [row for row in self.rows if row.errors]

    @property
    def clean(self) -> bool:
        return not self.file_errors and not self.rejected

    @property
    def to_add(self) -> list[Row]:
        return [row for row in self.rows if not row.errors and not row.already_there]

    @property
    def unchanged(self) -> list[Row]:
        return [row for row in self.rows if row.already_there]


def decode(data: bytes) -> tuple[str | None, list[str]]:
    """The file as text, or the rows that are not readable UTF-8 (a spreadsheet's CSV UTF-8)."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        bad = []
        for number, line in enumerate(data.split(b"\n"), start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                bad.append(
                    f"Row {number}: not readable text (bad encoding). "
                    "Save the file as 'CSV UTF-8' and try again"
                )
        return None, bad


def check(kind: str, data: bytes | str) -> Preview:
    """Read and check a whole file; nothing is written."""
    preview = Preview(kind=kind)
    text, problems = (data, []) if isinstance(data, str) else decode(data)
    if text is None:
        preview.file_errors = problems
        return preview
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        _read(preview, reader)
    except csv.Error as error:
        preview.file_errors.append(_unreadable(reader.line_num, error))
    if preview.file_errors:
        return preview
    for row in preview.rows:
        _check_text(row, TEXT_LIMITS[kind])
    (_check_residents if kind == "residents" else _check_training)(preview.rows)
    return preview


def _unreadable(line: int, error: csv.Error) -> str:
    """The csv module's refusal in words HR can act on (its own words name its internals)."""
    if "field limit" in str(error):
        return f"Row {line}: a cell is too long to read. Check the file and try again"
    return (
        f"Row {line}: the file could not be read as CSV. "
        "Save it from the spreadsheet as 'CSV UTF-8' and try again"
    )


def _read(preview: Preview, reader) -> None:  # noqa: ANN001
    """The header and the rows under it into the preview; a file-level problem stops reading."""
    header = [cell.strip().lower() for cell in next(reader, [])]
    expected = KINDS[preview.kind]
    missing = [c for c in expected if c not in header]
    unknown = [c for c in header if c and c not in expected]
    if not header or missing or unknown:
        preview.file_errors.append(
            f"The first row must name the columns: {','.join(expected)}"
            + (f" (missing: {', '.join(missing)})" if missing else "")
            + (f" (not recognised: {', '.join(unknown)})" if unknown else "")
        )
        return
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        line = reader.line_num
        values = {
            name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)
        }
        row = Row(line=line, cells=values)
        if len(cells) > len(header):
            row.errors.append("has more cells than there are columns")
        preview.rows.append(row)
        if len(preview.rows) > MAX_ROWS:
            preview.file_errors.append(f"Import at most {MAX_ROWS} rows at a time")
            return
    if not preview.rows:
        preview.file_errors.append("The file has no rows under the column names")


def _check_text(row: Row, limits: dict[str, int]) -> None:
    """Refuse what no form accepts: hidden control characters, and text too long to store."""
    for name, value in row.cells.items():
        if any(unicodedata.category(ch) == "Cc" for ch in value):
            row.errors.append(f"{name} has a hidden character in it (such as a tab); retype it")
    for name, longest in limits.items():
        if len(row.cells.get(name, "")) > longest:
            row.errors.append(f"{name} is longer than {longest} characters")


# --- residents --------------------------------------------------------------------------------

_CHANNELS = {c.value: c for c in ContactChannel} | {
    label.lower(): c for c, label in CHANNEL_LABELS.items()
}


def _check_residents(rows: list[Row]) -> None:
    services_by_name = {
        name.lower(): sid for sid, name in db.session.execute(select(Service.id, Service.name))
    }
    seen_usernames: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    for row in rows:
        c = row.cells
        if not c["name"]:
            row.errors.append("name is missing")
        if c["service"] and c["service"].lower() not in services_by_name:
            row.errors.append(f"unknown service '{c['service']}'")
        username = c["username"].lower()
        if not USERNAME.match(username):
            row.errors.append("username must be 2-60 letters, digits, dots, dashes or underscores")
        elif username in seen_usernames:
            row.errors.append(
                f"duplicate username '{username}' (also on row {seen_usernames[username]})"
            )
        else:
            seen_usernames[username] = row.line
            existing = db.session.execute(
                select(User).where(func.lower(User.username) == username)
            ).scalar_one_or_none()
            if existing is not None:
                if existing.display_name.strip().lower() == c["name"].lower():
                    row.already_there = True
                else:
                    row.errors.append(f"duplicate username: '{username}' belongs to someone else")
        if c["email"]:
            try:
                validate_email(c["email"], check_deliverability=False)
            except EmailNotValidError:
                row.errors.append(f"malformed email '{c['email']}'")
            else:
                email = c["email"].lower()
                if email in seen_emails:
                    row.errors.append(f"duplicate email (also on row {seen_emails[email]})")
                seen_emails.setdefault(email, row.line)
                if not row.already_there and resident_services.email_taken(email):
                    row.errors.append("email already belongs to someone else")
        channel = c["contact_channel"].lower() or ContactChannel.KEYWORKER.value
        if channel not in _CHANNELS:
            row.errors.append(
                "contact_channel must be one of: " + ", ".join(c.value for c in ContactChannel)
            )
        elif _CHANNELS[channel] == ContactChannel.EMAIL and not c["email"]:
            row.errors.append("contact by email needs an email address")
        elif _CHANNELS[channel] in (ContactChannel.TEXT, ContactChannel.PHONE) and not c["mobile"]:
            row.errors.append("contact by text or phone needs a mobile number")
        if c["mobile"] and not re.fullmatch(r"\+?[0-9 ()-]{7,30}", c["mobile"]):
            row.errors.append(f"mobile '{c['mobile']}' is not a phone number")


def _apply_residents(by: User | None, preview: Preview) -> int:
    services_by_name = {s.name.lower(): s for s in db.session.execute(select(Service)).scalars()}
    for row in preview.to_add:
        c = row.cells
        resident_services.add_resident(
            by,
            resident_services.NewResident(
                name=c["name"],
                username=c["username"],
                pin=None,
                service=services_by_name.get(c["service"].lower()),
                preferred_name=c["preferred_name"],
                contact_channel=_CHANNELS[c["contact_channel"].lower() or "keyworker"].value,
                email=c["email"] or None,
                mobile=c["mobile"] or None,
            ),
            source="import",
        )
    return len(preview.to_add)


# --- training records -------------------------------------------------------------------------


def parse_date(text: str) -> date | None:
    """A date written YYYY-MM-DD or DD/MM/YYYY, or None."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def _check_training(rows: list[Row]) -> None:
    users = {
        name.lower(): uid
        for uid, name in db.session.execute(
            select(User.id, User.username).where(User.username.is_not(None))
        )
    }
    modules = {
        name.lower(): mid
        for mid, name in db.session.execute(select(TrainingModule.id, TrainingModule.name))
    }
    today = services.today()
    seen: dict[tuple, int] = {}
    for row in rows:
        c = row.cells
        user_id = users.get(c["username"].lower())
        if user_id is None:
            row.errors.append(f"unknown resident '{c['username']}'")
        module_id = modules.get(c["module"].lower())
        if module_id is None:
            row.errors.append(f"unknown module '{c['module']}'")
        completed = parse_date(c["completed_on"])
        if completed is None:
            row.errors.append(
                f"bad date '{c['completed_on']}': write it as YYYY-MM-DD or DD/MM/YYYY"
            )
        elif problem := services.completion_problem(completed, today):
            row.errors.append(f"completed_on is {problem}")
        if not c["trainer"]:
            row.errors.append("trainer is missing")
        if row.errors:
            continue
        key = (user_id, module_id, completed)
        if key in seen:
            row.errors.append(f"duplicate record (same as row {seen[key]})")
            continue
        seen[key] = row.line
        row.already_there = services._duplicate(user_id, module_id, completed) is not None


def _apply_training(by: User | None, preview: Preview) -> int:
    for row in preview.to_add:
        c = row.cells
        user = db.session.execute(
            select(User).where(func.lower(User.username) == c["username"].lower())
        ).scalar_one()
        module = db.session.execute(
            select(TrainingModule).where(func.lower(TrainingModule.name) == c["module"].lower())
        ).scalar_one()
        completed = parse_date(c["completed_on"])
        db.session.add(
            TrainingRecord(
                user_id=user.id,
                module=module,
                completed_on=completed,
                expires_on=services.expiry_for(module, completed),
                trainer_name=c["trainer"],
            )
        )
    db.session.flush()
    return len(preview.to_add)


def apply(by: User | None, preview: Preview) -> int:
    """Write a clean preview's new rows; refuses a file with any rejected row."""
    if not preview.clean:
        raise ValueError("a file with rejected rows is never imported")
    added = (_apply_residents if preview.kind == "residents" else _apply_training)(by, preview)
    record(
        f"{preview.kind}_imported",
        actor=by,
        summary=f"{added} added, {len(preview.unchanged)} already there",
    )
    return added
