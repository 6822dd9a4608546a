"""Read endpoints for the area tree and the registers, under the same access rules as the
pages (capability `view_registers` on the object's area; 404 outside it). Personal numbers
are always masked here; the full values come only from the audited reveal endpoint.

One module per resource (`areas`, `grids`, `buildings`, `households`, `residents`, `geography`:
roads, water bodies and service points) holds its
endpoints; `schemas` the answers' shapes (read from the model instances the endpoints
return), `lookup` the visible-area lookup, `paging` the lists' paging. Operation ids are the ones from before the split (`areas_api_<endpoint>`), so
clients generated from the schema keep their names.
"""

from __future__ import annotations

from ninja import Router

router = Router(tags=["areas"])

# Registering the endpoints: this order is the order of the paths in the schema.
# isort: off
from areas.api import areas  # noqa: E402
from areas.api import grids  # noqa: E402
from areas.api import buildings  # noqa: E402
from areas.api import households  # noqa: E402
from areas.api import residents  # noqa: E402
from areas.api import geography  # noqa: E402
from areas.api import mine  # noqa: E402

# isort: on

# "/{code}" takes any single segment: it must come after "/grids", "/buildings", "/households".
router.path_operations["/{code}"] = router.path_operations.pop("/{code}")

from areas.api.paging import PageIn, paginate  # noqa: E402
from areas.api.schemas import ERRORS  # noqa: E402

__all__ = [
    "ERRORS",
    "PageIn",
    "areas",
    "buildings",
    "geography",
    "mine",
    "grids",
    "households",
    "paginate",
    "residents",
    "router",
]
