"""Building invitation emails and handing them to an SMTP server or to .eml files.

An invitation is what Outlook, Gmail, Apple Mail and Thunderbird all recognise::

    multipart/mixed
      multipart/alternative
        text/plain                              what a person reads
        text/calendar; method=REQUEST|CANCEL    what the calendar app acts on
      application/ics  (invite.ics, attachment) for apps that only offer a file

``MAIL_URL`` chooses the transport: ``smtp://user:pass@host:587`` (STARTTLS on port 587, or
with ``?starttls=true``), ``smtps://user:pass@host:465`` (TLS from the start). Without it,
messages are written as .eml files to a folder (development).
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from email_validator import EmailNotValidError, validate_email

from panelhire.models.base import now_utc

# Python's header folder drops the space between two encoded words when it splits a long
# non-ASCII header (e.g. "Siân Ní" arrives as "SiânNí"). Headers are therefore written on one
# line (RFC 5322 allows 998 characters; callers keep subjects and names well short of that),
# while bodies are still encoded with ordinary short lines when the parts are built.
UNFOLDED_HEADERS = policy.SMTP.clone(max_line_length=998)
MAX_NAME = 120


class BadAddress(ValueError):
    """The recipient's address cannot receive email: retrying will not help."""


class TemporaryFailure(RuntimeError):
    """The server could not take the message now (down, timed out, busy): try again later."""


class ServerUnreachable(TemporaryFailure):
    """No connection to the mail server at all: the rest of the batch will fail the same way."""


class PermanentFailure(RuntimeError):
    """The server refused the message for good (5xx): a person has to look at it."""


@dataclass(frozen=True)
class Outgoing:
    to_address: str
    to_name: str
    subject: str
    body_text: str
    ics: str | None = None
    ics_method: str | None = None


def check_address(address: str) -> str:
    """The address in normal form, or BadAddress with a message HR can act on."""
    try:
        # Syntax only: whether the domain takes mail is the mail server's call, and the demo
        # and test organisations use reserved domains such as .test.
        return validate_email(address, check_deliverability=False, test_environment=True).normalized
    except EmailNotValidError as error:
        raise BadAddress(f"{address!r} is not a valid email address: {error}") from error


def build_email(outgoing: Outgoing, mail_from: str, domain: str) -> EmailMessage:
    to_address = check_address(outgoing.to_address)
    message = EmailMessage()
    from_name, from_address = parseaddr(mail_from)
    message["From"] = Address(display_name=from_name, addr_spec=from_address)
    message["To"] = Address(display_name=outgoing.to_name[:MAX_NAME], addr_spec=to_address)
    message["Subject"] = outgoing.subject
    message["Date"] = format_datetime(now_utc())
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(outgoing.body_text)
    if outgoing.ics is not None:
        method = outgoing.ics_method or "REQUEST"
        message.add_alternative(
            outgoing.ics, subtype="calendar", params={"method": method}, cte="quoted-printable"
        )
        filename = "cancelled.ics" if method == "CANCEL" else "invite.ics"
        message.add_attachment(
            outgoing.ics.encode("utf-8"), maintype="application", subtype="ics", filename=filename
        )
    message.policy = UNFOLDED_HEADERS
    return message


class Transport(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class FileTransport:
    """Development: each message becomes a .eml file you can open in any mail program."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, message: EmailMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = now_utc().strftime("%Y%m%dT%H%M%S%f")
        token = message["Message-ID"].strip("<>").split("@")[0]
        (self.folder / f"{stamp}-{token}.eml").write_bytes(message.as_bytes())


class SMTPTransport:
    def __init__(self, url: str, timeout: float = 10.0) -> None:
        parts = urlsplit(url)
        if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
            raise ValueError("MAIL_URL must look like smtp://user:pass@host:587 or smtps://...")
        self.tls = parts.scheme == "smtps"
        self.host = parts.hostname
        self.port = parts.port or (465 if self.tls else 587)
        self.username = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        query = {k: v[-1].lower() for k, v in parse_qs(parts.query).items()}
        self.starttls = not self.tls and query.get("starttls", str(self.port == 587).lower()) in {
            "true",
            "1",
            "yes",
        }
        self.timeout = timeout

    def send(self, message: EmailMessage) -> None:
        context = ssl.create_default_context()
        try:
            if self.tls:
                client = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=context
                )
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        except (OSError, smtplib.SMTPException) as error:
            raise ServerUnreachable(f"Could not reach the mail server: {error}") from error
        try:
            with client:
                if self.starttls:
                    client.starttls(context=context)
                if self.username:
                    client.login(self.username, self.password or "")
                client.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()))
            raise _by_code(
                code, f"The mail server refused the address: {code} {_text(text)}"
            ) from error
        except smtplib.SMTPResponseException as error:
            raise _by_code(
                error.smtp_code,
                f"The mail server refused: {error.smtp_code} {_text(error.smtp_error)}",
            ) from error
        except (OSError, smtplib.SMTPException) as error:
            raise TemporaryFailure(f"The mail server stopped answering: {error}") from error


def _by_code(code: int, text: str) -> Exception:
    return PermanentFailure(text) if 500 <= code < 600 else TemporaryFailure(text)


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def transport_for(mail_url: str, folder: Path, timeout: float = 10.0) -> Transport:
    if mail_url:
        return SMTPTransport(mail_url, timeout=timeout)
    return FileTransport(folder)
