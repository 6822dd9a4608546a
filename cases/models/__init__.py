"""Case models: categories and the calendar, cases with their history, disputes."""

from cases.models.case import (
    Case,
    CasePhoto,
    CaseQuerySet,
    CaseRequest,
    CaseTransition,
    Channel,
    PhotoStage,
    Rating,
    RequestKind,
    RequestStatus,
    Supporter,
)
from cases.models.categories import CalendarDay, Category, CategoryKind, DayKind, TimeUnit
from cases.models.disputes import Dispute, DisputeType, MediationLevel, MediationSession, Outcome
from cases.models.figures import CaseDayFigure, CaseLateFigure, CaseOpenFigure

__all__ = [
    "CalendarDay",
    "Case",
    "CasePhoto",
    "CaseDayFigure",
    "CaseLateFigure",
    "CaseOpenFigure",
    "CaseQuerySet",
    "CaseRequest",
    "CaseTransition",
    "Category",
    "CategoryKind",
    "Channel",
    "DayKind",
    "Dispute",
    "DisputeType",
    "MediationLevel",
    "MediationSession",
    "Outcome",
    "PhotoStage",
    "Rating",
    "RequestKind",
    "RequestStatus",
    "Supporter",
    "TimeUnit",
]
