"""Everything printed in an interview pack, gathered for the template.

What each copy may carry:
* every copy: the cover, timetable (candidate names and slot times), the panel and who asks
  which question, the decision model, the questions with guidance and score wording, a blank
  score sheet per candidate, the confidentiality reminder and a QR code to the scoring page;
* the staff copy also shows the adjustments agreed for each candidate's interview;
* no copy carries candidates' contact details, applications or equality-monitoring data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import segno
from sqlalchemy import select

from panelhire.calendar.links import scoring_page_url
from panelhire.core.services import get_organisation
from panelhire.extensions import db
from panelhire.packs.assign import Asker, who_asks
from panelhire.packs.models import PackCopy, PackVariant
from panelhire.panels.models import DECISION_MODEL_LABELS, DecisionModel, Panel
from panelhire.scoring.models import Question, ScaleLabel

SEAT_LABELS = {
    "chair": "Chair",
    "staff": "Staff panellist",
    "resident": "Resident panellist",
    "observer": "Observer (does not score)",
    "supporter": "Supporter (does not score)",
}


@dataclass(frozen=True)
class SlotLine:
    starts_at: Any
    ends_at: Any
    candidate: str
    adjustments: str


def pack_context(panel: Panel, copy: PackCopy) -> dict[str, Any]:
    variant = PackVariant(copy.variant)
    staff_copy = variant == PackVariant.STAFF
    vacancy = panel.vacancy
    questions = list(
        db.session.execute(
            select(Question).where(Question.vacancy_id == vacancy.id).order_by(Question.position)
        ).scalars()
    )
    labels = {
        row.value: row.label
        for row in db.session.execute(
            select(ScaleLabel).where(ScaleLabel.vacancy_id == vacancy.id)
        ).scalars()
    }
    scale = [
        (value, labels.get(value, "")) for value in range(vacancy.scale_min, vacancy.scale_max + 1)
    ]
    members = panel.active_members()
    askers = [Asker(m.user.display_name, m.role) for m in members if m.scores]
    asked = who_asks([q.asked_by for q in questions], askers)
    # Only someone who scores on this panel can open its scoring page (an observer cannot).
    scores_here = any(m.user_id == copy.recipient_id and m.scores for m in members)
    scoring_url = scoring_page_url(panel.id) if scores_here else None
    model_text = DECISION_MODEL_LABELS.get(DecisionModel(vacancy.decision_model), "")
    if vacancy.decision_model == DecisionModel.COMBINED:
        model_text += f" (residents' panel counts for {vacancy.resident_weight_percent}%)"
    return {
        "panel": panel,
        "vacancy": vacancy,
        "copy": copy,
        "recipient": copy.recipient.display_name,
        "staff_copy": staff_copy,
        "large": variant == PackVariant.RESIDENT_LARGE,
        "plain": not staff_copy,
        "org": get_organisation(),
        "slots": [
            SlotLine(
                s.starts_at,
                s.ends_at,
                s.candidate.name,
                s.candidate.adjustments if staff_copy else "",
            )
            for s in panel.slots
        ],
        "members": [(m.user.display_name, SEAT_LABELS.get(m.role, m.role)) for m in members],
        "questions": list(zip(questions, asked, strict=True)),
        "scale": scale,
        "decision_model": model_text,
        "scoring_url": scoring_url,
        "qr": segno.make(scoring_url, error="m").svg_data_uri(scale=4) if scoring_url else None,
    }
