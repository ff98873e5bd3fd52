"""Import every model so Alembic and `db.create_all` see the whole schema."""

from panelhire.audit.models import AuditEvent
from panelhire.auth.models import LoginFailure, LoginToken, ResidentProfile, User, UserRole
from panelhire.core.models import FormSending, Organisation, Service
from panelhire.messaging.models import OutboxMessage, TextMessage
from panelhire.packs.models import PackCopy
from panelhire.panels.models import (
    Candidate,
    ConflictDeclaration,
    InterviewSlot,
    Panel,
    PanelMember,
    Vacancy,
)
from panelhire.scoring.models import (
    AgreedScore,
    Concern,
    Criterion,
    Decision,
    Dissent,
    Question,
    ScaleLabel,
    Score,
    ScoreSubmission,
)
from panelhire.training.models import (
    ConfidentialityAgreement,
    TrainingModule,
    TrainingRecord,
    TrainingSession,
    TravelPlace,
    UnavailableDate,
    WeeklyAvailability,
)

__all__ = [
    "AgreedScore",
    "AuditEvent",
    "Candidate",
    "FormSending",
    "Concern",
    "ConflictDeclaration",
    "ConfidentialityAgreement",
    "Criterion",
    "Decision",
    "Dissent",
    "InterviewSlot",
    "LoginFailure",
    "LoginToken",
    "Organisation",
    "OutboxMessage",
    "PackCopy",
    "Panel",
    "PanelMember",
    "Question",
    "ResidentProfile",
    "ScaleLabel",
    "Score",
    "ScoreSubmission",
    "Service",
    "TrainingModule",
    "TrainingRecord",
    "TrainingSession",
    "TextMessage",
    "TravelPlace",
    "UnavailableDate",
    "User",
    "UserRole",
    "Vacancy",
    "WeeklyAvailability",
]

from panelhire.recognition.models import (  # noqa: E402 - kept apart so area merges stay clean
    Activity,
    CheckIn,
    Debrief,
    DebriefAttendee,
    Expense,
    Payment,
    Rate,
    RecognitionPolicy,
    SupportRequest,
)

__all__ += [
    "Activity",
    "CheckIn",
    "Debrief",
    "DebriefAttendee",
    "Expense",
    "Payment",
    "Rate",
    "RecognitionPolicy",
    "SupportRequest",
]

from panelhire.privacy.models import RetentionPolicy  # noqa: E402

__all__ += ["RetentionPolicy"]
