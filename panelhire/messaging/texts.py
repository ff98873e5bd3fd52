"""Text messages: one interface, a logging sender for now, a gateway later.

A gateway sender only needs a ``name`` and ``send(to_number, body)``; choose it with the
``TEXT_BACKEND`` setting. The logging sender writes the message to the app log, which is what
HR uses while texts are sent by hand from a work phone.
"""

from __future__ import annotations

import logging
from typing import Protocol

from flask import current_app

log = logging.getLogger("panelhire.texts")


class TextSender(Protocol):
    name: str

    def send(self, to_number: str, body: str) -> None: ...


class LoggingTextSender:
    name = "log"

    def send(self, to_number: str, body: str) -> None:
        masked = to_number[:-3].replace(" ", "")[:4] + "…" + to_number[-3:]
        log.info("text message to %s: %s", masked, body)


SENDERS: dict[str, type] = {"log": LoggingTextSender}


def text_sender() -> TextSender:
    name = current_app.config.get("TEXT_BACKEND", "log")
    if name not in SENDERS:
        raise RuntimeError(f"TEXT_BACKEND={name!r} is not one of {', '.join(SENDERS)}")
    return SENDERS[name]()
