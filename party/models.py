"""Party organisations built on areas ("支部建在网格上"), members and partner units."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import Area


def new_code() -> str:
    """A unique code for a row created without one (registers address rows by code)."""
    return "X" + secrets.token_hex(6).upper()


class OrgLevel(models.TextChoices):
    WORKING_COMMITTEE = "working_committee", _("Working committee")
    EXTENDED_COMMITTEE = "extended_committee", _("Extended committee")
    BRANCH = "branch", _("Party branch")
    GROUP = "group", _("Party group")
    HUB_HOUSEHOLD = "hub_household", _("Member hub household")


# Which level may sit under which.
ALLOWED_PARENT = {
    OrgLevel.WORKING_COMMITTEE: None,
    OrgLevel.EXTENDED_COMMITTEE: OrgLevel.WORKING_COMMITTEE,
    OrgLevel.BRANCH: OrgLevel.EXTENDED_COMMITTEE,
    OrgLevel.GROUP: OrgLevel.BRANCH,
    OrgLevel.HUB_HOUSEHOLD: OrgLevel.GROUP,
}


class BranchKind(models.TextChoices):
    COMPOUND = "compound", pgettext_lazy("branch kind", "Compound")
    GRID = "grid", pgettext_lazy("branch kind", "Grid")
    EXTENDED = "extended", pgettext_lazy("branch kind", "Extended")
    ENTITY = "entity", pgettext_lazy("branch kind", "Entity")
    NEW_ORGANISATION = (
        "new_organisation",
        pgettext_lazy("branch kind", "New economic/social organisation"),
    )


class PartyOrganisation(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True, default=new_code)
    name = models.CharField(pgettext_lazy("party", "name"), max_length=100)
    level = models.CharField(_("level"), max_length=24, choices=OrgLevel.choices)
    kind = models.CharField(_("branch kind"), max_length=24, choices=BranchKind.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="party_organisations"
    )
    secretary = models.ForeignKey(
        "PartyMember",
        verbose_name=_("secretary"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        ordering = ["area__code", "level", "name"]

    def __str__(self) -> str:
        return self.name


class PartyMember(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True, default=new_code)
    name = models.CharField(pgettext_lazy("party member", "name"), max_length=50)
    organisation = models.ForeignKey(
        PartyOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="party_member",
    )
    resident = models.OneToOneField(
        "areas.Resident",
        verbose_name=_("resident"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="party_member",
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    in_service = models.BooleanField(_("in service"), default=False)
    workplace = models.CharField(_("workplace"), max_length=100, blank=True)
    # 双报到: the community where an in-service member registered at home.
    home_community = models.ForeignKey(
        Area,
        verbose_name=_("home community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registered_members",
    )
    registered_on = models.DateField(_("registered at home on"), null=True, blank=True)
    joined_on = models.DateField(_("joined the party on"), null=True, blank=True)

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CrossAppointment(models.Model):
    """交叉任职: a member who also holds a post elsewhere, e.g. on the owners' committee."""

    class Body(models.TextChoices):
        OWNERS_COMMITTEE = "owners_committee", _("Owners' committee")
        PROPERTY_COMPANY = "property_company", _("Property company")
        RESIDENTS_COMMITTEE = "residents_committee", _("Residents' committee")
        PARTNER_UNIT = "partner_unit", _("Partner unit")

    member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, related_name="cross_appointments"
    )
    body = models.CharField(_("body"), max_length=24, choices=Body.choices)
    body_name = models.CharField(_("body name"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=50)

    class Meta:
        verbose_name = _("cross-appointment")
        verbose_name_plural = _("cross-appointments")

    def __str__(self) -> str:
        return f"{self.member} · {self.get_body_display()} {self.position}"


class PartnerUnit(models.Model):
    """共建单位: an organisation that builds the community together with its party organisation."""

    code = models.CharField(_("code"), max_length=40, unique=True, default=new_code)
    name = models.CharField(pgettext_lazy("party", "name"), max_length=100)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="partner_units"
    )
    contact = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("partner unit")
        verbose_name_plural = _("partner units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnershipAgreement(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True, default=new_code)
    unit = models.ForeignKey(PartnerUnit, on_delete=models.CASCADE, related_name="agreements")
    organisation = models.ForeignKey(
        PartyOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    commitments = models.TextField(_("commitments"))

    class Meta:
        verbose_name = _("partnership agreement")
        verbose_name_plural = _("partnership agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="agreement_period_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.organisation}"


# Commitments (承诺践诺): their models live beside their code in party/commitments.
from party.commitments.models import Commitment, CommitmentEvent, CommitmentRating  # noqa: E402, F401

# Joint meetings (联席会议): their models live beside their code in party/joint.
from party.joint.models import (  # noqa: E402, F401
    FollowUp,
    ItemStatus,
    JointBody,
    JointMeeting,
    JointMember,
    UnitTask,
)

# Organisational life (三会一课): its models live beside their code in party/life.
from party.life.models import Attendance, LifeRule, Meeting, MeetingKind  # noqa: E402, F401

# 两新 organisations, coverage, 对标检视 and 双强红领: in party/neworgs.
from party.neworgs.models import (  # noqa: E402, F401
    BenchmarkReview,
    Certification,
    NewOrganisation,
    ReviewItem,
)

# Member service posts (党员服务示范岗, 先锋岗, 哨点): their models live in party/posts.
from party.posts.models import PostKind, ServicePost  # noqa: E402, F401

# Star rating (星级管理): its models live beside their code in party/stars.
from party.stars.models import (  # noqa: E402, F401
    Assessment,
    AssessmentItem,
    AssessmentStatus,
    AssessmentStep,
    Criterion,
    StarScale,
)
