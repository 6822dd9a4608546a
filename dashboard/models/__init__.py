"""The dashboard's own data: each part's models module is imported here."""

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
