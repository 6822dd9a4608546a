"""The assessment's tables (`core.workflow`): a month's assessment is computed as a draft
(recomputed while a draft), reviewed by the office (which may adjust rows with a reason
before), reopened, or published; a published assessment is final. An appeal is submitted by
the worker and upheld or rejected by the office. The audit entries are their history
("dashboard.assessment.publish", "dashboard.appeal.uphold", …)."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from core.workflow import Table
from dashboard.models import AppealStatus as AP
from dashboard.models import AssessmentStatus as S

ASSESSMENTS = Table.by_action(
    "dashboard.monthlyassessment",
    S,
    {
        "recompute": ([S.DRAFT], None),
        "review": ([S.DRAFT], S.REVIEWED),
        "reopen": ([S.REVIEWED], S.DRAFT),
        "publish": ([S.REVIEWED], S.PUBLISHED),
    },
    labels={
        "recompute": pgettext_lazy("assessment", "Compute again"),
        "review": pgettext_lazy("assessment", "Confirm the review"),
        "reopen": pgettext_lazy("assessment", "Reopen for adjustment"),
        "publish": pgettext_lazy("assessment", "Publish"),
    },
    audit="dashboard.assessment.{action}",
)

APPEALS = Table.by_action(
    "dashboard.appeal",
    AP,
    {
        "uphold": ([AP.SUBMITTED], AP.UPHELD),
        "reject": ([AP.SUBMITTED], AP.REJECTED),
    },
    labels={
        "uphold": pgettext_lazy("appeal", "Uphold"),
        "reject": pgettext_lazy("appeal", "Reject"),
    },
    audit="dashboard.appeal.{action}",
)
