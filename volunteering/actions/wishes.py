"""Micro-wish actions: staff post → a party member or partner unit claims (one wins) →
fulfilled with a photo → staff confirm (points to the claimer). Each moves the wish through
`volunteering.workflow.WISHES` with `core.workflow.move`."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

from accounts.models import User
from areas.models import Area, Resident
from core import audit
from core.i18n import site_language
from core.notify import notify
from core.timeutil import now
from core.workflow import Notice, check, move
from party.models import PartnerUnit, PartyMember
from volunteering import permissions
from volunteering.actions.common import award, clean_text, refuse, require_staff
from volunteering.actions.orders import _staff_users
from volunteering.models import BeneficiaryKind, MicroWish, Privacy, WishEvent, WishStatus
from volunteering.workflow import WISHES

MAX_PHOTO_BYTES = 8 * 1024 * 1024


def _url(wish: MicroWish) -> str:
    return f"/volunteering/wishes/{wish.pk}/"


def _event(wish: MicroWish, event: str, before: str, actor: Any, note: str = "") -> None:
    """A history row that is not a move (the post, a stall flag)."""
    WishEvent.objects.create(
        wish=wish,
        event=event,
        from_status=before,
        to_status=wish.status,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
    )


def _locked(wish: MicroWish) -> MicroWish:
    return MicroWish.objects.select_for_update().get(pk=wish.pk)


def clean_photo(upload: UploadedFile | None) -> ContentFile:
    """A real image (checked by content, not name), re-encoded as JPEG so EXIF (GPS) goes."""
    if upload is None:
        raise refuse(_("A photo of the fulfilled wish is required."), 400)
    if upload.size and upload.size > MAX_PHOTO_BYTES:
        raise refuse(_("The photo is larger than 8 MB."), 400)
    try:
        image = Image.open(upload)
        image.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except (UnidentifiedImageError, OSError, ValueError):
        raise refuse(_("The file is not an image."), 400) from None
    rgb = image.convert("RGB")
    rgb.thumbnail((1600, 1600))
    out = io.BytesIO()
    rgb.save(out, "JPEG", quality=85)
    return ContentFile(out.getvalue(), name="wish.jpg")


@transaction.atomic
def do_post_wish(
    *,
    community: Area,
    title: str,
    beneficiary_name: str,
    beneficiary_kind: str,
    privacy: str = Privacy.MASKED,
    description: str = "",
    value: Any = None,
    beneficiary: Resident | None = None,
    actor: User,
) -> MicroWish:
    """Staff post on a resident's behalf, with the privacy the resident agreed to."""
    require_staff(actor, community.code)
    if community.level != "community":
        raise refuse(_("Choose a community."), 400)
    if beneficiary_kind not in BeneficiaryKind.values:
        raise refuse(_("Choose who the wish is for."), 400)
    if privacy not in Privacy.values:
        raise refuse(_("Choose how the name is shown."), 400)
    if beneficiary is not None:
        grid = beneficiary.household.grid
        if grid is None or not grid.code.startswith(community.code):
            raise refuse(_("The resident does not live in this community."), 400)
    amount = None
    if value not in (None, ""):
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            amount = Decimal(str(value))
        except InvalidOperation:
            raise refuse(_("The value is not a number."), 400) from None
        if amount < 0 or amount > Decimal("100000"):
            raise refuse(_("The value must be between 0 and 100000 yuan."), 400)
    wish = MicroWish.objects.create(
        community=community,
        beneficiary=beneficiary,
        beneficiary_name=clean_text(beneficiary_name, _("Name"), max_length=50),
        beneficiary_kind=beneficiary_kind,
        privacy=privacy,
        title=clean_text(title, _("Wish"), max_length=100),
        description=clean_text(description, _("Story"), required=False, max_length=2000),
        value=amount,
        posted_by=actor,
    )
    _event(wish, "post", "", actor)
    audit.record(actor, "volunteering.wish.post", wish, {"privacy": privacy})
    return wish


def _same_claimer(wish: MicroWish, actor: User, unit: PartnerUnit | None) -> bool:
    if unit is not None:
        return wish.claimer_unit_id == unit.pk
    return wish.claimer_unit_id is None and wish.claimed_by_id == actor.pk


@transaction.atomic
def do_claim_wish(wish: MicroWish, *, actor: User, unit: PartnerUnit | None = None) -> MicroWish:
    """One claimer wins: a party member for themselves, or staff recording a partner unit."""
    wish = MicroWish.objects.get(pk=wish.pk)
    if not permissions.can_view_wish(actor, wish):
        raise refuse(_("Not found."), 404)
    member: PartyMember | None = None
    if unit is not None:
        require_staff(actor, wish.community.code)
        if not permissions.is_staff_for(actor, unit.area.code) and not unit.area.code.startswith(
            wish.community.code[:9]
        ):
            raise refuse(_("This partner unit is outside your area."), 400)
    else:
        member = PartyMember.objects.filter(user=actor).first()
        if member is None:
            raise refuse(_("Wishes are claimed by party members and partner units."), 403)
    wish = _locked(wish)  # one claimer wins: the others wait here, then find it claimed
    if wish.status in (WishStatus.CLAIMED, WishStatus.FULFILLED, WishStatus.CONFIRMED):
        if _same_claimer(wish, actor, unit):
            raise refuse(_("This wish is already claimed by you."), 409)
        raise refuse(_("Someone else has already claimed this wish."), 409)
    claimer = {"claimed_by": actor, "claimer_member": member, "claimer_unit": unit}
    name = MicroWish(**claimer).claimer_name
    return move(
        wish,
        "claim",
        actor,
        changes={**claimer, "claimed_at": now(), "flagged_at": None},
        note=name,
        audit_changes={"claimer": name},
        notices=[
            Notice(
                [wish.posted_by],
                gettext_lazy("A wish was claimed: %(title)s"),
                name,
                _url(wish),
                {"title": wish.title},
            )
        ],
        locked=True,
    )


def _require_claimer(wish: MicroWish, actor: User) -> None:
    if wish.claimed_by_id == actor.pk:
        return
    if wish.claimer_unit_id and permissions.is_staff_for(actor, wish.community.code):
        return
    raise refuse(_("Only the claimer can do this."), 403)


@transaction.atomic
def do_fulfil_wish(
    wish: MicroWish, *, photo: UploadedFile | None, note: str = "", actor: User
) -> MicroWish:
    """The claimer shows the wish fulfilled with a photo; staff then confirm."""
    wish = _locked(wish)
    _require_claimer(wish, actor)
    content = clean_photo(photo)
    note = clean_text(note, _("Note"), required=False, max_length=1000)
    check(WISHES, wish.status, "fulfil")  # before the photo is stored
    wish.photo.save(content.name or "wish.jpg", content, save=False)
    return move(
        wish,
        "fulfil",
        actor,
        changes={"fulfilled_note": note, "fulfilled_at": now(), "photo": wish.photo},
        note=note,
        audit_changes={"photo": wish.photo.name},
        notices=[
            Notice(
                _staff_users(wish.community),
                gettext_lazy("A wish awaits confirmation"),
                wish.title,
                _url(wish),
            )
        ],
        locked=True,
    )


@transaction.atomic
def do_confirm_wish(wish: MicroWish, *, actor: User) -> MicroWish:
    """Staff confirm; a party-member claimer earns points (activity micro_wish)."""
    require_staff(actor, wish.community.code)
    wish = _locked(wish)
    member = wish.claimer_unit_id is None and wish.claimed_by_id
    move(
        wish,
        "confirm",
        actor,
        changes={"confirmed_at": now()},
        audit_changes={},
        notices=[
            Notice(
                [wish.claimed_by],
                gettext_lazy("Thank you: the wish is confirmed"),
                wish.title,
                _url(wish),
            )
        ]
        if member
        else [],
        locked=True,
    )
    if member:
        award(
            wish.claimed_by,
            "micro_wish",
            1,
            "volunteering.wish",
            str(wish.pk),
            actor,
            subject=wish.title,
        )
    return wish


@transaction.atomic
def do_send_back_wish(wish: MicroWish, *, reason: str, actor: User) -> MicroWish:
    require_staff(actor, wish.community.code)
    reason = clean_text(reason, _("Reason"), max_length=500)
    wish = _locked(wish)
    return move(
        wish,
        "send_back",
        actor,
        note=reason,
        audit_changes={"reason": reason},
        notices=[
            Notice(
                [wish.claimed_by], gettext_lazy("Your wish proof was sent back"), reason, _url(wish)
            )
        ],
        locked=True,
    )


@transaction.atomic
def do_release_wish(wish: MicroWish, *, reason: str = "", actor: User) -> MicroWish:
    """The claimer (or staff) gives the wish back to the wall."""
    wish = _locked(wish)
    if wish.claimed_by_id != actor.pk:
        require_staff(actor, wish.community.code)
    return move(
        wish,
        "release",
        actor,
        changes={
            "claimed_by": None,
            "claimer_member": None,
            "claimer_unit": None,
            "claimed_at": None,
        },
        note=reason.strip()[:500],
        audit_changes={},
        locked=True,
    )


@transaction.atomic
def do_cancel_wish(wish: MicroWish, *, reason: str, actor: User) -> MicroWish:
    require_staff(actor, wish.community.code)
    reason = clean_text(reason, _("Reason"), max_length=500)
    wish = _locked(wish)
    notices = []
    if wish.claimed_by_id:
        notices.append(
            Notice(
                [wish.claimed_by],
                gettext_lazy("A wish you claimed was cancelled"),
                reason,
                _url(wish),
            )
        )
    return move(
        wish,
        "cancel",
        actor,
        note=reason,
        audit_changes={"reason": reason},
        notices=notices,
        locked=True,
    )


def stalled_q(at: dt.datetime | None = None) -> Q:
    """Open wishes nobody claimed within LINLI_WISH_UNCLAIMED_DAYS, and claimed wishes not
    fulfilled within LINLI_WISH_STALLED_DAYS."""
    at = at or now()
    unclaimed = dt.timedelta(days=int(getattr(settings, "LINLI_WISH_UNCLAIMED_DAYS", 7)))
    stalled = dt.timedelta(days=int(getattr(settings, "LINLI_WISH_STALLED_DAYS", 14)))
    return Q(status=WishStatus.OPEN, created__lt=at - unclaimed) | Q(
        status=WishStatus.CLAIMED, claimed_at__lt=at - stalled
    )


@transaction.atomic
def do_flag_stalled_wishes(*, actor: User | None = None) -> int:
    """Tell each community's staff about wishes newly stalled; each wish is flagged once per
    stall (claiming clears the flag). Returns how many were flagged."""
    at = now()
    wishes = list(
        MicroWish.objects.select_for_update()
        .filter(stalled_q(at), flagged_at__isnull=True)
        .select_related("community")
    )
    by_community: dict[int, list[MicroWish]] = {}
    for wish in wishes:
        wish.flagged_at = at
        by_community.setdefault(wish.community_id, []).append(wish)
        _event(wish, "flag", wish.status, actor)
    MicroWish.objects.bulk_update(wishes, ["flagged_at"])
    for items in by_community.values():
        community = items[0].community
        with site_language():
            notify(
                _staff_users(community),
                _("%(n)d micro-wishes are waiting too long") % {"n": len(items)},
                "、".join(w.title for w in items[:10]),
                "/volunteering/staff/wishes/?flag=stalled",
            )
    if wishes:
        audit.record(
            actor,
            "volunteering.wish.flag",
            None,
            {"count": len(wishes)},
            object_type="volunteering.microwish",
        )
    return len(wishes)
