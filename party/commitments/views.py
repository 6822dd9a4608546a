"""Commitment pages: the list (one's own, those serving where one lives, those one
oversees), a commitment with its history and the forms one may use, an organisation's
commitments and figures for a year (and those of the organisations below it), and the forms
(through party.views.form_view)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import timeutil
from party import permissions
from party import selectors as party_selectors
from party.commitments import actions, selectors
from party.commitments.forms import CommitmentForm, FailForm, FulfilForm, NoteForm, RatingForm
from party.commitments.models import Commitment, CommitmentStatus
from party.commitments.workflow import LABELS
from party.life.selectors import below as organisations_below
from party.models import PartyOrganisation
from party.views import EDIT, FormPage, form_view


def _year(value: str | None) -> int:
    try:
        year = int(value or "")
    except ValueError:
        return timeutil.today().year
    return year if 2000 <= year <= 2100 else timeutil.today().year


@login_required
def index(request: Any) -> HttpResponse:
    """One's own commitments (a member), then every commitment one may see, by deadline."""
    user = request.user
    member = permissions.member_of(user)
    qs = selectors.with_ratings(selectors.commitments(user))
    status = request.GET.get("status", "")
    if status in CommitmentStatus.values:
        qs = qs.filter(status=status)
    line = request.GET.get("line", "")  # a home page line: the commitments it counts
    if line:
        lists = selectors.home_lists(user, selectors.editing_orgs(user))
        qs = qs.filter(pk__in=lists[line].values("pk")) if line in lists else qs.none()
    mine = list(qs.filter(member=member).order_by("deadline", "pk")) if member else []
    others = qs.exclude(member=member) if member else qs
    return render(
        request,
        "party/commitments/index.html",
        {
            "member": member,
            "mine": mine,
            "page": Paginator(others.order_by("-year", "deadline", "pk"), 20).get_page(
                request.GET.get("page")
            ),
            "statuses": CommitmentStatus.choices,
            "status": status,
            "today": timeutil.today(),
            "perms_party": permissions.may_see_party(user),
        },
    )


def _commitment(user: Any, pk: int) -> Commitment:
    found = (
        selectors.with_ratings(selectors.commitments(user))
        .select_related("organisation__area", "member")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
def commitment(request: Any, pk: int) -> HttpResponse:
    user = request.user
    found = _commitment(user, pk)
    keeps = found.is_open and permissions.may_keep_commitment(user, found)
    resident = permissions.rater_for(user, found)
    mine = found.ratings.filter(resident=resident).first() if resident is not None else None
    events = [(e, LABELS.get(e.action, e.action)) for e in found.events.select_related("actor")]
    return render(
        request,
        "party/commitments/commitment.html",
        {
            "c": found,
            "events": events,
            "keeps": keeps,
            "note_form": NoteForm() if keeps else None,
            "fulfil_form": FulfilForm() if keeps else None,
            "fail_form": FailForm() if keeps else None,
            "rating_form": RatingForm()
            if resident and mine is None and actions.rateable(found)
            else None,
            "my_rating": mine,
            "may_rate_later": bool(resident and mine is None and not actions.rateable(found)),
            "ratings": found.ratings.all()[:20],
            "today": timeutil.today(),
        },
    )


@login_required
def organisation(request: Any, pk: int) -> HttpResponse:
    """An organisation's commitments of a year with its figures, and the figures of the
    organisations below it."""
    org = party_selectors.get_organisation(request.user, pk)
    year = _year(request.GET.get("year"))
    below = list(organisations_below(org).filter(permissions.scope_q(request.user, "area__code")))
    figures = selectors.figures_of([org, *below], year)
    listed = selectors.with_ratings(
        Commitment.objects.filter(organisation=org, year=year).select_related("member", "area")
    )
    return render(
        request,
        "party/commitments/organisation.html",
        {
            "org": org,
            "year": year,
            "years": [year - 1, year, year + 1],
            "figures": figures[org.pk],
            "below": [(o, figures[o.pk]) for o in below],
            "page": Paginator(listed.order_by("deadline", "pk"), 20).get_page(
                request.GET.get("page")
            ),
            "can_make": permissions.may_make_commitment(request.user, org),
            "today": timeutil.today(),
        },
    )


# Forms.


def _own_member(user: Any, pk: int) -> Any:
    member = permissions.member_of(user)
    if member is None:
        raise Http404
    return member


def _make_own(member: Any, **data: Any) -> Commitment:
    return actions.do_make_commitment(member.organisation, member=member, **data)


def _editing_org(user: Any, pk: int) -> PartyOrganisation:
    return party_selectors.get_organisation(user, pk, EDIT)


def _make_for(org: PartyOrganisation, **data: Any) -> Commitment:
    return actions.do_make_commitment(org, **data)


def _kept(user: Any, pk: int) -> Commitment:
    found = _commitment(user, pk)
    if not permissions.may_keep_commitment(user, found):
        raise Http404
    return found


def _rated(user: Any, pk: int) -> Commitment:
    found = _commitment(user, pk)
    if permissions.rater_for(user, found) is None:
        raise Http404
    return found


def _page(c: Commitment) -> str:
    return reverse("party:commitment", args=[c.pk])


make_own = form_view(
    FormPage(
        form=CommitmentForm,
        target=_own_member,
        title=lambda m: _("Make a commitment"),
        back=lambda m: reverse("party:commitments"),
        save=_make_own,
        form_kwargs=lambda m, user: {"org": m.organisation, "member": m},
    )
)
make_for_organisation = form_view(
    FormPage(
        form=CommitmentForm,
        target=_editing_org,
        title=lambda org: _("A commitment of %(org)s") % {"org": org.name},
        back=lambda org: reverse("party:org_commitments", args=[org.pk]),
        save=_make_for,
        form_kwargs=lambda org, user: {"org": org},
    )
)
add_progress = form_view(
    FormPage(
        form=NoteForm,
        target=_kept,
        title=lambda c: _("Progress of a commitment"),
        back=_page,
        save=actions.do_add_progress,
        form_kwargs=lambda c, user: {},
    )
)
fulfil = form_view(
    FormPage(
        form=FulfilForm,
        target=_kept,
        title=lambda c: _("Commitment fulfilled"),
        back=_page,
        save=actions.do_fulfil_commitment,
        form_kwargs=lambda c, user: {},
    )
)
fail = form_view(
    FormPage(
        form=FailForm,
        target=_kept,
        title=lambda c: _("Commitment not fulfilled"),
        back=_page,
        save=actions.do_fail_commitment,
        form_kwargs=lambda c, user: {},
    )
)
rate = form_view(
    FormPage(
        form=RatingForm,
        target=_rated,
        title=lambda c: _("Rate a commitment"),
        back=_page,
        save=actions.do_rate_commitment,
        form_kwargs=lambda c, user: {},
    )
)
