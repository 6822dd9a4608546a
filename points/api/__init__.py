"""The points API under /api/v1/points/: resident operations in `resident`, staff in `staff`."""

from ninja import Router

router = Router(tags=["points"])

from points.api import resident, staff  # noqa: E402,F401  (they register their routes)
