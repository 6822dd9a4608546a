"""The area tree and the registers hanging from it: compounds, buildings, households, residents;
the geography registers (roads, water bodies, service points)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Labels of the level names a deployment may use in LINLI_AREA_LEVELS.
LEVEL_LABELS = {
    "district": _("District"),
    "subdistrict": _("Subdistrict"),
    "community": _("Community"),
    "grid": _("Grid"),
    "microgrid": _("Micro-grid"),
    # 户—队—片—区 deployments.
    "zone": pgettext_lazy("area level", "Zone"),
    "piece": pgettext_lazy("area level", "Piece"),
    "team": pgettext_lazy("area level", "Team"),
}


def level_names() -> list[str]:
    return [name for name, _digits in settings.LINLI_AREA_LEVELS]


def level_digits(level: str) -> int:
    return dict(settings.LINLI_AREA_LEVELS)[level]


def grid_levels() -> list[str]:
    """The levels below the community, which hold households and posted workers: grid and
    micro-grid by default; zone, piece and team in a 户—队—片—区 deployment."""
    names = level_names()
    return names[names.index("community") + 1 :] if "community" in names else names[-1:]


def grid_level() -> str:
    """The grid level proper: the first level below the community ("grid" by default, "zone"
    in a 户—队—片—区 tree). Communities are divided into areas of this level, a case of the
    grid level is handled here first (微事不出格), and the grid API lists it by default."""
    return grid_levels()[0]


def microgrid_level() -> str | None:
    """The level right below the grid level, if any (micro-grid; piece)."""
    levels = grid_levels()
    return levels[1] if len(levels) > 1 else None


class AreaKind(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative")
    RESIDENTIAL = "residential", _("Residential")
    INDUSTRIAL = "industrial", _("Industrial")
    COMMERCIAL = "commercial", _("Commercial")
    SPECIAL = "special", _("Special")
    MIXED = "mixed", _("Mixed")


class AreaQuerySet(models.QuerySet["Area"]):
    def subtree(self, code: str) -> AreaQuerySet:
        return self.filter(code__startswith=code)

    def at_level(self, level: str) -> AreaQuerySet:
        return self.filter(level=level)


class Area(models.Model):
    """A node of the area tree. Its code is its parent's code plus its own segment."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=20, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=AreaKind.choices, default=AreaKind.ADMINISTRATIVE
    )
    # GeoJSON geometry (Polygon or MultiPolygon) in WGS-84 (lon, lat).
    boundary = models.JSONField(_("boundary"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        levels = level_names()
        if self.level not in levels:
            raise ValidationError({"level": _("Unknown level %(level)s.") % {"level": self.level}})
        depth = levels.index(self.level)
        expected = sum(level_digits(name) for name in levels[: depth + 1])
        if not self.code.isdigit() or len(self.code) != expected:
            raise ValidationError(
                {
                    "code": _("A %(level)s code has %(n)d digits.")
                    % {"level": self.level, "n": expected}
                }
            )
        if depth == 0:
            if self.parent_id:
                raise ValidationError({"parent": _("The top level has no parent.")})
        else:
            if self.parent is None or self.parent.level != levels[depth - 1]:
                raise ValidationError(
                    {
                        "parent": _("The parent must be a %(level)s.")
                        % {"level": LEVEL_LABELS.get(levels[depth - 1], levels[depth - 1])}
                    }
                )
            if not self.code.startswith(self.parent.code):
                raise ValidationError({"code": _("The code must start with the parent's code.")})

    def ancestors(self) -> AreaQuerySet:
        prefixes = []
        for name in level_names():
            n = sum(level_digits(x) for x in level_names()[: level_names().index(name) + 1])
            if n < len(self.code):
                prefixes.append(self.code[:n])
        return Area.objects.filter(code__in=prefixes).order_by("code")


class Compound(models.Model):
    """小区: a residential compound inside one community."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    community = models.ForeignKey(
        Area, verbose_name=_("community"), on_delete=models.PROTECT, related_name="compounds"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("compound")
        verbose_name_plural = _("compounds")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Building(models.Model):
    """楼栋: a building with its location, placed in one grid."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    compound = models.ForeignKey(
        Compound,
        verbose_name=_("compound"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="buildings",
    )
    community = models.ForeignKey(
        Area,
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="community_buildings",
    )
    grid = models.ForeignKey(
        Area,
        verbose_name=_("grid"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="buildings",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    floors = models.PositiveSmallIntegerField(_("floors"), default=1)
    entrances = models.PositiveSmallIntegerField(_("entrances"), default=1)
    # Planned dwellings; the registered households are Household rows.
    households = models.PositiveIntegerField(_("dwellings"), default=0)
    # The outline on the ground, a GeoJSON Polygon in WGS-84 (lon, lat), checked by
    # `areas.geometry.parse` as the roads' and water bodies' geometry is; the map draws it,
    # shaded by `floors`, at close zooms. Optional: the point (lon, lat) is what places it.
    footprint = models.JSONField(_("footprint"), null=True, blank=True)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from areas import geometry

        if self.footprint in (None, "", {}):
            self.footprint = None
            return
        try:
            self.footprint = geometry.parse(self.footprint, ("Polygon",))
        except geometry.GeometryError as exc:
            raise ValidationError({"footprint": str(exc.message)}) from exc


class Household(models.Model):
    """户: one dwelling's household, in a building and a grid."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.PROTECT, related_name="household_set"
    )
    # Denormalised from the building so register queries filter on one join.
    grid = models.ForeignKey(
        Area,
        verbose_name=_("grid"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="households",
    )
    entrance = models.PositiveSmallIntegerField(_("entrance"), default=1)
    floor = models.SmallIntegerField(_("floor"), default=1)
    room = models.CharField(_("room"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.address


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class ResidentTag(models.TextChoices):
    ELDERLY_ALONE = "elderly_alone", _("Elderly living alone")
    LOW_INCOME = "low_income", _("Low-income")
    DISABLED = "disabled", pgettext_lazy("resident tag", "Disabled")
    VETERAN = "veteran", _("Veteran")
    LEFT_BEHIND_CHILD = "left_behind_child", _("Left-behind child")
    PARTY_MEMBER = "party_member", _("Party member")
    TALENT = "talent", _("Talent pool")


class Resident(models.Model):
    """居民: a person registered in a household. Phone and ID are personal data."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="residents"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    # A list of ResidentTag values.
    tags = models.JSONField(_("tags"), default=list, blank=True)
    is_head = models.BooleanField(_("head of household"), default=False)
    # Derived from name, phone and ID number (`areas.search.key_of`): kept by `save()` and by
    # the register import (`derive`), never edited; searched with a trigram index on PostgreSQL.
    search_key = models.CharField(_("search key"), max_length=200, blank=True, editable=False)

    # The fields `derive` computes, and those they are computed from.
    DERIVED = ("search_key",)
    DERIVED_FROM = frozenset({"name", "phone", "id_number"})

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive()
        fields = kwargs.get("update_fields")
        if fields is not None and self.DERIVED_FROM & set(fields):
            kwargs["update_fields"] = {*fields, *self.DERIVED}
        super().save(*args, **kwargs)

    def derive(self) -> None:
        from areas.search import key_of

        self.search_key = key_of(self.name, self.phone, self.id_number)

    def tag_labels(self) -> list[str]:
        labels = dict(ResidentTag.choices)
        return [str(labels.get(t, t)) for t in self.tags]


class RoadClass(models.TextChoices):
    MAIN = "main", _("Main road")
    STREET = "street", pgettext_lazy("road class", "Street")
    LANE = "lane", _("Lane")


class WaterKind(models.TextChoices):
    RIVER = "river", _("River")
    LAKE = "lake", _("Lake")
    CANAL = "canal", _("Canal")
    POND = "pond", _("Pond")


class Feature(models.Model):
    """A piece of geography kept as a register: a code, a name, the area that keeps the row
    (whose register editors may change it) and a GeoJSON geometry in WGS-84 (lon, lat), with
    its bounding box as columns so a map or a later boundary step finds the features near an
    area with an indexed range query (no PostGIS)."""

    GEOMETRY_KINDS: tuple[str, ...] = ()

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    # Each kind declares `area`: the area that keeps the row (its related name differs).
    geometry = models.JSONField(_("geometry"))
    min_lon = models.FloatField(editable=False, default=0)
    min_lat = models.FloatField(editable=False, default=0)
    max_lon = models.FloatField(editable=False, default=0)
    max_lat = models.FloatField(editable=False, default=0)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.set_bbox()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        from areas import geometry

        try:
            self.geometry = geometry.parse(self.geometry, self.GEOMETRY_KINDS)
        except geometry.GeometryError as exc:
            raise ValidationError({"geometry": str(exc.message)}) from exc
        self.set_bbox()

    def set_bbox(self) -> None:
        from areas import geometry

        self.min_lon, self.min_lat, self.max_lon, self.max_lat = geometry.bbox(self.geometry)


class FeatureQuerySet(models.QuerySet[Any]):
    def near(self, bounds: tuple[float, float, float, float]) -> FeatureQuerySet:
        """Features whose bounding box meets `bounds` (min lon, min lat, max lon, max lat)."""
        minx, miny, maxx, maxy = bounds
        return self.filter(
            min_lon__lte=maxx, max_lon__gte=minx, min_lat__lte=maxy, max_lat__gte=miny
        )


class Road(Feature):
    """道路: a road as a line (LineString or MultiLineString), of a class (main road, street,
    lane). Later steps draw community boundaries and grids along it."""

    GEOMETRY_KINDS = ("LineString", "MultiLineString")

    road_class = models.CharField(
        _("road class"), max_length=10, choices=RoadClass.choices, default=RoadClass.STREET
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="roads"
    )

    objects = FeatureQuerySet.as_manager()

    class Meta(Feature.Meta):
        verbose_name = _("road")
        verbose_name_plural = _("roads")
        indexes = [models.Index(fields=["min_lon", "max_lon"], name="road_bbox_idx")]


class WaterBody(Feature):
    """水域: a river, lake, canal or pond as a polygon (Polygon or MultiPolygon); nothing is
    built in it."""

    GEOMETRY_KINDS = ("Polygon", "MultiPolygon")

    kind = models.CharField(
        _("kind"), max_length=10, choices=WaterKind.choices, default=WaterKind.RIVER
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="water_bodies"
    )

    objects = FeatureQuerySet.as_manager()

    class Meta(Feature.Meta):
        verbose_name = _("water body")
        verbose_name_plural = _("water bodies")
        indexes = [models.Index(fields=["min_lon", "max_lon"], name="water_bbox_idx")]


class ServiceKind(models.TextChoices):
    """What a service point offers; the 15-minute service circle counts them by kind."""

    SCHOOL = "school", _("School")
    CLINIC = "clinic", _("Clinic")
    MARKET = "market", _("Market")
    BUS_STOP = "bus_stop", _("Bus stop")
    # 党群服务中心: the community's office and its party-mass service centre in one place.
    PARTY_CENTRE = "party_centre", _("Party-mass service centre")
    # 驿站: a station where outdoor workers and neighbours rest, warm food, charge a phone.
    STATION = "station", _("Station")


class ServicePoint(models.Model):
    """服务点: a school, clinic, market, bus stop, party-mass service centre or station, at a
    point (WGS-84 lon, lat, as a building is), kept by an area whose register editors change
    it; seen as the roads are (`areas.permissions.geography_q`)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=ServiceKind.choices)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="service_points"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["code"]
        indexes = [models.Index(fields=["lon", "lat"], name="service_point_lonlat_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not (-180 <= self.lon <= 180 and -90 <= self.lat <= 90) or (self.lon, self.lat) == (
            0,
            0,
        ):
            raise ValidationError(_("The position must be in longitude, latitude (WGS-84)."))
