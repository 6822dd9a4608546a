"""Volunteers, teams and the talent pool (能人库)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import Area


class Volunteer(models.Model):
    """Any resident or user who serves; a party member is marked by `party_member`."""

    community = models.ForeignKey(
        Area, verbose_name=_("community"), on_delete=models.PROTECT, related_name="volunteers"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer",
    )
    resident = models.ForeignKey(
        "areas.Resident",
        verbose_name=_("resident"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    party_member = models.OneToOneField(
        "party.PartyMember",
        verbose_name=_("party member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Free skill words: "electrician", "first aid", "tutoring", ...
    skills = models.JSONField(_("skills"), default=list, blank=True)
    active = models.BooleanField(pgettext_lazy("membership", "active"), default=True)
    joined = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_party_member(self) -> bool:
        return self.party_member_id is not None


class TeamKind(models.TextChoices):
    PARTY_MEMBER = "party_member", _("Party-member team")
    PARTNER_UNIT = "partner_unit", _("Partner-unit team")
    COMPOUND = "compound", _("Compound team")


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=TeamKind.choices)
    community = models.ForeignKey(
        Area, verbose_name=_("community"), on_delete=models.PROTECT, related_name="volunteer_teams"
    )
    compound = models.ForeignKey(
        "areas.Compound",
        verbose_name=_("compound"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    partner_unit = models.ForeignKey(
        "party.PartnerUnit",
        verbose_name=_("partner unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_teams",
    )
    organisation = models.ForeignKey(
        "party.PartyOrganisation",
        verbose_name=_("party organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_teams",
    )
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    members: models.ManyToManyField[Volunteer, TeamMembership] = models.ManyToManyField(
        Volunteer, through="TeamMembership", related_name="teams", verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["community__code", "name"]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="memberships")
    is_leader = models.BooleanField(_("leader"), default=False)
    joined = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(fields=["team", "volunteer"], name="unique_team_member")
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.volunteer}"


class TalentKind(models.TextChoices):
    DOCTOR = "doctor", _("Doctor")
    LAWYER = "lawyer", _("Lawyer")
    POLICE = "police", _("Police officer")
    REPAIRER = "repairer", _("Repairer")
    TEACHER = "teacher", _("Teacher")
    ELECTRICIAN = "electrician", _("Electrician")
    PSYCHOLOGIST = "psychologist", _("Counsellor")
    OTHER = "other", _("Other")


class Talent(models.Model):
    """能人库: a volunteer with a profession and the services they offer (their menu)."""

    volunteer = models.OneToOneField(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.CASCADE, related_name="talent"
    )
    kind = models.CharField(_("profession"), max_length=20, choices=TalentKind.choices)
    title = models.CharField(_("title"), max_length=100, blank=True)
    # What they offer, one line per service.
    service_menu = models.TextField(_("service menu"), blank=True)
    available = models.CharField(_("availability"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("talent")
        verbose_name_plural = _("talent pool")
        ordering = ["kind", "volunteer__name"]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.get_kind_display()}"

    def menu_lines(self) -> list[str]:
        return [line.strip() for line in self.service_menu.splitlines() if line.strip()]
