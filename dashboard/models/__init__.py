"""The dashboard's own data: each part's models module is imported here."""

from dashboard.bulletins.models import Bulletin, BulletinStatus, TypicalCase  # noqa: F401
from dashboard.models.assessment import (  # noqa: F401
    Appeal,
    AppealStatus,
    AssessmentRow,
    AssessmentScheme,
    AssessmentStatus,
    ItemKey,
    MonthlyAssessment,
    Subject,
)
