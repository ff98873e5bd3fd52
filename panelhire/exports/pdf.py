"""PDF builder: a Jinja template under templates/pdf/ in, tagged PDF/UA-1 bytes out."""

from __future__ import annotations

from typing import Any

from flask import render_template
from weasyprint import HTML

from panelhire import ROOT

PDF_VARIANT = "pdf/ua-1"


def render_pdf(template: str, **context: Any) -> bytes:
    """Render ``templates/pdf/<template>`` to a tagged, accessible PDF."""
    html = render_template(f"pdf/{template}", **context)
    return HTML(string=html, base_url=str(ROOT / "templates" / "pdf")).write_pdf(
        pdf_variant=PDF_VARIANT
    )
