"""The charity stores (爱心超市) as a kind of the service circle. A store has no position of
its own: it is placed at its community's service centre (`activities.circle.sources`), and a
store whose community has none is left out."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from activities.circle.sources import service_centres
from areas.nearby import kinds
from points.models import Store


def store_places(area_code: str) -> Iterable[kinds.Place]:
    at = service_centres(area_code)
    url = reverse("points:store")
    return [
        kinds.Place(s.name, "charity_store", *at[s.community_id], url=url)
        for s in Store.objects.filter(active=True, community__code__startswith=area_code)
        .order_by("name", "pk")
        .only("pk", "name", "community_id")
        if s.community_id in at
    ]


def register() -> None:
    kinds.register(
        kinds.Kind("charity_store", _("Charity stores"), store_places, order=60, colour="#c11574")
    )
