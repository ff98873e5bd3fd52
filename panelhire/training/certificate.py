"""A training certificate for a completed module: objects in, PDF bytes out."""

from __future__ import annotations

from flask import render_template
from weasyprint import HTML

from panelhire.training.models import TrainingRecord


def render_certificate(row: TrainingRecord, *, organisation: str) -> bytes:
    """One page naming the person, the module, the date, the trainer and the organisation."""
    html = render_template("pdf/training_certificate.html", row=row, organisation=organisation)
    # No base_url: the template is self-contained, so nothing is fetched while rendering.
    return HTML(string=html).write_pdf()
