"""A community's service menu (服务清单) as a kind of the service circle: one place per
community with items on its menu, at its service centre (`activities.circle.sources`), where
residents order from it; a community without a service centre is left out."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from activities.circle.sources import service_centres
from areas.models import Area
from areas.nearby import kinds
from volunteering.models import ServiceItem


def menu_places(area_code: str) -> Iterable[kinds.Place]:
    at = service_centres(area_code)
    url = reverse("volunteering:menu")
    counts = (
        ServiceItem.objects.filter(active=True, community__code__startswith=area_code)
        .values("community")
        .annotate(n=Count("pk"))
        .order_by("community")
    )
    names = dict(
        Area.objects.filter(pk__in=[c["community"] for c in counts]).values_list("pk", "name")
    )
    return [
        kinds.Place(
            ngettext(
                "%(community)s service menu (%(n)d service)",
                "%(community)s service menu (%(n)d services)",
                c["n"],
            )
            % {"community": names.get(c["community"], ""), "n": c["n"]},
            "service_item",
            *at[c["community"]],
            url=url,
        )
        for c in counts
        if c["community"] in at
    ]


def register() -> None:
    kinds.register(
        kinds.Kind("service_item", _("Service menus"), menu_places, order=70, colour="#0e7090")
    )
