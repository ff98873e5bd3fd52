"""A training certificate for a completed module: objects in, PDF bytes out."""

from __future__ import annotations

from panelhire.exports.pdf import render_pdf
from panelhire.training.models import TrainingRecord


def render_certificate(row: TrainingRecord, *, organisation: str) -> bytes:
    """One page naming the person, the module, the date, the trainer and the organisation."""
    return render_pdf("training_certificate.html", row=row, organisation=organisation)
