"""The wording a bulletin is drafted with, written from its figures in the site's language;
the office edits it before publishing. Each paragraph is one line of `Bulletin.body`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.i18n import site_language


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def month_label(month: dt.date) -> str:
    return _("%(year)d-%(month)02d") % {"year": month.year, "month": month.month}


def title(area_name: str, month: dt.date) -> str:
    with site_language():
        return _("%(area)s case handling bulletin for %(month)s") % {
            "area": area_name,
            "month": month_label(month),
        }


def _join(names: list[str]) -> str:
    return pgettext("list separator", ", ").join(names)


def _grids(figures: dict[str, Any]) -> str:
    ranked = figures["grids"]
    if not ranked["top"]:
        return _("No grid had cases due this month.")
    top = _join(
        [
            _("%(grid)s (%(rate)s)") % {"grid": g["name"], "rate": percent(g["on_time_rate"])}
            for g in ranked["top"]
        ]
    )
    text = _("Grids with the best on-time closure rate: %(grids)s.") % {"grids": top}
    if ranked["bottom"]:
        bottom = _join(
            [
                _("%(grid)s (%(rate)s)") % {"grid": g["name"], "rate": percent(g["on_time_rate"])}
                for g in ranked["bottom"]
            ]
        )
        text += _("Grids at the bottom: %(grids)s; they are asked to catch up.") % {"grids": bottom}
    return text


def _overdue(figures: dict[str, Any]) -> str:
    found = figures["overdue"]
    if not found["count"]:
        return _("No case went past its deadline this month.")
    units = _join(
        [
            _("%(unit)s %(n)d") % {"unit": u["unit"] or _("Departments"), "n": u["count"]}
            for u in found["units"]
        ]
    )
    return _(
        "%(n)d cases went past their deadline this month: %(units)s. The units concerned "
        "are asked to handle them at once."
    ) % {"n": found["count"], "units": units}


def _trend(figures: dict[str, Any]) -> str:
    months = figures["trend"]
    counts = _join(
        [_("%(month)s: %(n)d") % {"month": m["month"], "n": m["reported"]} for m in months]
    )
    text = _("Cases reported over six months: %(counts)s.") % {"counts": counts}
    if len(months) >= 2 and months[-1]["on_time_rate"] is not None:
        before = months[-2]["on_time_rate"]
        if before is not None:
            change = (months[-1]["on_time_rate"] - before) * 100
            text += _("The on-time closure rate changed by %(points)+.1f points on last month.") % {
                "points": change
            }
    return text


def body(figures: dict[str, Any], month: dt.date) -> str:
    """The draft's paragraphs: the month as a whole, the grids, overdue cases, the trend and
    what comes next."""
    total = figures["total"]
    with site_language():
        paragraphs = [
            _(
                "In %(month)s, %(area)s received %(reported)d cases and accepted %(accepted)d; "
                "%(due)d were due and %(closed)d closed: a closure rate of %(closure)s and an "
                "on-time closure rate of %(on_time)s. Residents rated %(ratings)d cases, "
                "%(rating)s on average."
            )
            % {
                "month": month_label(month),
                "area": figures["area"]["name"],
                "reported": total["reported"],
                "accepted": total["accepted"],
                "due": total["due"],
                "closed": total["closed"],
                "closure": percent(total["closure_rate"]),
                "on_time": percent(total["on_time_rate"]),
                "ratings": total["ratings"],
                "rating": score(total["average_rating"]),
            },
            _grids(figures),
            _overdue(figures),
            _trend(figures),
            _(
                "Each unit is asked to act on this bulletin; progress is followed up at the "
                "twice-monthly dispatch meetings (每月两调度)."
            ),
        ]
    return "\n".join(paragraphs)
