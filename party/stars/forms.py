"""The self-assessment and review forms: one score (and, for the branch, the evidence) per
item scored by hand; the bounds are the item's points."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import Form
from party.stars.models import Assessment, AssessmentItem


def _score(item: AssessmentItem, initial: Any, required: bool) -> forms.DecimalField:
    return forms.DecimalField(
        label=_("Score (of %(points)d)") % {"points": item.points},
        min_value=0,
        max_value=item.points,
        decimal_places=1,
        max_digits=4,
        required=required,
        initial=initial,
    )


class SelfAssessmentForm(Form):
    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = [i for i in assessment.items.all() if not i.automatic]
        for i in self.items:
            self.fields[f"score_{i.pk}"] = _score(i, i.self_score, False)
            self.fields[f"evidence_{i.pk}"] = forms.CharField(
                label=pgettext_lazy("star item", "Evidence"),
                max_length=2000,
                required=False,
                initial=i.evidence,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=i.evidence_asked,
            )

    def rows(self) -> list[tuple[AssessmentItem, Any, Any]]:
        return [(i, self[f"score_{i.pk}"], self[f"evidence_{i.pk}"]) for i in self.items]

    def scores(self) -> dict[int, tuple[Any, str]]:
        data = self.cleaned_data
        return {i.pk: (data[f"score_{i.pk}"], data[f"evidence_{i.pk}"]) for i in self.items}


class ReviewForm(Form):
    note = forms.CharField(
        label=pgettext_lazy("star assessment", "Reviewer's note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = [i for i in assessment.items.all() if not i.automatic]
        for i in self.items:
            self.fields[f"score_{i.pk}"] = _score(i, i.self_score, True)

    def rows(self) -> list[tuple[AssessmentItem, Any]]:
        return [(i, self[f"score_{i.pk}"]) for i in self.items]

    def scores(self) -> dict[int, Any]:
        return {i.pk: self.cleaned_data[f"score_{i.pk}"] for i in self.items}


class ReturnForm(Form):
    note = forms.CharField(
        label=_("What should the branch change?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
