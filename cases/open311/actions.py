"""Writes of the Open311 sub-app: issuing and switching API keys, and taking a request in.

A request becomes a case through the cases app's own `do_report_case` (channel Open311),
so routing, deadlines, history, audit and notices are the same as for every channel.
"""

from __future__ import annotations

import copy
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.models import Area, Building
from cases.actions import do_report_case
from cases.models import Case, Category, Channel
from cases.models.case import DESCRIPTION_MAX
from cases.open311.models import ApiKey, Open311Request, ServiceAttribute, hash_key, new_key
from cases.routing import Placement
from core import audit
from core.bulk import insert
from core.memo import Memo
from core.refusal import Invalid


@transaction.atomic
def do_issue_api_key(
    *, name: str, user: Any, actor: Any, area: Area | None = None, key: str = ""
) -> tuple[ApiKey, str]:
    """Issue a key for an Open311 client; the key itself is answered once and only its
    hash is kept. `key` fixes the value (the demo derives its key from the seed)."""
    name = str(name or "").strip()
    if not name or len(name) > 100:
        raise Invalid(_("Give the key a name of 1–100 characters."), "name")
    if user is None or not user.is_active:
        raise Invalid(_("Reports need an active account to be made as."), "user")
    key = key or new_key()
    if ApiKey.objects.filter(key_hash=hash_key(key)).exists():
        raise Invalid(_("This key is already issued."), "key")
    api_key = ApiKey.objects.create(
        name=name, prefix=key[:8], key_hash=hash_key(key), user=user, area=area
    )
    audit.record(
        actor, "open311.issue_key", api_key, {"name": name, "area": area.code if area else ""}
    )
    return api_key, key


@transaction.atomic
def do_set_api_key_active(api_key: ApiKey, *, active: bool, actor: Any) -> ApiKey:
    """Switch a key off (its client gets 403 from then on) or back on."""
    locked = ApiKey.objects.select_for_update().get(pk=api_key.pk)
    if locked.active != active:
        locked.active = active
        locked.save(update_fields=["active"])
        audit.record(actor, "open311.key_active", locked, {"active": active})
    return locked


SERVICE_PHONE_PREFIX = "1990311"


def service_account(name: str) -> Any:
    """A login-less account that a client's reports are made as (numbers 1990311xxxx are
    kept for these accounts)."""
    from accounts.models import User

    taken = set(
        User.objects.filter(phone__startswith=SERVICE_PHONE_PREFIX).values_list("phone", flat=True)
    )
    for n in range(10_000):
        phone = f"{SERVICE_PHONE_PREFIX}{n:04d}"
        if phone not in taken:
            user = User(phone=phone, name=name[:50])
            user.set_unusable_password()
            user.save()
            return user
    raise Invalid(_("No service account numbers are left."), "user")


KEY_TTL = 10.0
_keys: Memo[ApiKey] = Memo(KEY_TTL, shared="open311-keys")


def _load_key(digest: str) -> ApiKey | None:
    found = (
        ApiKey.objects.select_related("user", "area")
        .filter(key_hash=digest, active=True, user__is_active=True)
        .order_by()[:1]
    )
    return next(iter(found), None)


def forget_keys() -> None:
    _keys.clear()


def authenticate(key: str) -> ApiKey | None:
    """The active key with this value whose account is active, or None.

    A found key is kept in a per-process memo (`core.memo`, shared): switching a key or its
    account off takes effect at once in the process that saves it, and within
    `LINLI_SHARED_VERSION_SECONDS` (at most `KEY_TTL`) in the others. Each request gets its
    own copies of the key and its account.
    """
    if not key or len(key) > 200:
        return None
    cached = _keys.get(hash_key(key), lambda: _load_key(hash_key(key)))
    if cached is None:
        return None
    now = timezone.now()
    if cached.last_used is None or (now - cached.last_used).total_seconds() > 300:
        ApiKey.objects.filter(pk=cached.pk).update(last_used=now)
        cached.last_used = now
    found = copy.copy(cached)
    user = copy.copy(cached.user)
    user.__dict__.pop("_linli_assignments", None)
    found.user = user
    return found


@dataclass
class Submission:
    """A `POST requests` body, as sent (strings)."""

    service_code: str = ""
    lat: str = ""
    long: str = ""
    address_string: str = ""
    address_id: str = ""
    description: str = ""
    media_url: str = ""
    email: str = ""
    device_id: str = ""
    account_id: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    attributes: dict[str, list[str]] = field(default_factory=dict)


# What the public API shows and takes: never a dispute (its parties' affairs) nor a sensitive
# category (a vulnerable person: an elderly person living alone, a household in hardship).
PUBLIC = Q(is_dispute=False, sensitive=False)


def services() -> Any:
    """The categories offered as Open311 services: active public leaves."""
    return (
        Category.objects.filter(PUBLIC, active=True, children__isnull=True)
        .select_related("parent")
        .order_by("code")
    )


SERVICE_TTL = 30.0
_services: Memo[tuple[Category, list[ServiceAttribute]]] = Memo(
    SERVICE_TTL, shared="open311-services"
)


def _load_service(code: str) -> tuple[Category, list[ServiceAttribute]] | None:
    found = Category.objects.filter(
        PUBLIC, code=code, active=True, children__isnull=True
    ).order_by()[:1]
    category = next(iter(found), None)
    if category is None:
        return None
    questions = list(
        ServiceAttribute.objects.filter(category=category, variable=True).order_by("order", "id")
    )
    return category, questions


def forget_services() -> None:
    _services.clear()


def service_and_questions(code: str) -> tuple[Category, list[ServiceAttribute]] | None:
    """A service's category and the questions it asks (its variable attributes), kept in a
    per-process memo (`core.memo`, shared: cleared at once where an edit is saved, within
    `LINLI_SHARED_VERSION_SECONDS` elsewhere, at most `SERVICE_TTL`)."""
    code = code.strip()
    if not code or len(code) > 50:
        return None
    found = _services.get(code, lambda: _load_service(code))
    if found is None:
        return None
    return copy.copy(found[0]), found[1]


def service(code: str) -> Category | None:
    found = service_and_questions(code)
    return found[0] if found else None


def _limit(value: str, limit: int, label: str) -> str:
    value = value.strip()
    if len(value) > limit:
        raise Invalid(
            _("%(field)s is longer than %(n)d characters.") % {"field": label, "n": limit}, label
        )
    return value


def _attributes(questions: list[ServiceAttribute], sent: dict[str, list[str]]) -> dict[str, Any]:
    """Check answers against the service's attributes; unknown codes are ignored (clients
    such as FixMyStreet send their own)."""
    answers: dict[str, Any] = {}
    for attr in questions:
        values = [v.strip() for v in sent.get(attr.code, []) if v.strip()]
        if not values:
            if attr.required:
                raise Invalid(
                    _("attribute[%(code)s] is required: %(question)s")
                    % {"code": attr.code, "question": attr.description},
                    attr.code,
                )
            continue
        if attr.datatype == "multivaluelist":
            bad = [v for v in values if v not in attr.choice_keys()]
            if bad:
                raise Invalid(
                    _("attribute[%(code)s] has no choice %(value)s.")
                    % {"code": attr.code, "value": bad[0]},
                    attr.code,
                )
            answers[attr.code] = values
            continue
        if len(values) > 1:
            raise Invalid(_("attribute[%(code)s] takes one value.") % {"code": attr.code})
        value = _limit(values[0], 1000, f"attribute[{attr.code}]")
        if attr.datatype == "singlevaluelist" and value not in attr.choice_keys():
            raise Invalid(
                _("attribute[%(code)s] has no choice %(value)s.")
                % {"code": attr.code, "value": value},
                attr.code,
            )
        if attr.datatype == "number":
            try:
                float(value)
            except ValueError:
                raise Invalid(
                    _("attribute[%(code)s] must be a number.") % {"code": attr.code}, attr.code
                ) from None
        if attr.datatype == "datetime":
            from django.utils.dateparse import parse_datetime

            if parse_datetime(value) is None:
                raise Invalid(
                    _("attribute[%(code)s] must be an ISO 8601 date and time.")
                    % {"code": attr.code},
                    attr.code,
                )
        answers[attr.code] = value
    return answers


def _note(api_key: ApiKey, questions: list[ServiceAttribute], answers: dict[str, Any]) -> str:
    """The history line staff see on the case: which client sent it and its answers."""
    labels = {a.code: a for a in questions}
    parts = []
    for code, value in answers.items():
        attr = labels[code]
        names = {k: n for k, n in ((str(v.get("key")), v.get("name")) for v in attr.values)}
        shown = value if isinstance(value, list) else [value]
        parts.append(f"{attr.description}: {', '.join(str(names.get(v, v)) for v in shown)}")
    head = _("Sent through Open311 by %(name)s.") % {"name": api_key.name}
    return " ".join([head, *parts])[:2000]


def _contact(sub: Submission) -> dict[str, str]:
    """The reporter's contact fields, each within its length; an e-mail has an @ and a
    media_url is http(s)."""
    contact = {
        "email": _limit(sub.email, 254, "email"),
        "device_id": _limit(sub.device_id, 100, "device_id"),
        "account_id": _limit(sub.account_id, 100, "account_id"),
        "first_name": _limit(sub.first_name, 50, "first_name"),
        "last_name": _limit(sub.last_name, 50, "last_name"),
        "phone": _limit(sub.phone, 20, "phone"),
        "media_url": _limit(sub.media_url, 500, "media_url"),
    }
    if contact["email"] and "@" not in contact["email"]:
        raise Invalid(_("email is not an e-mail address."), "email")
    if contact["media_url"] and not contact["media_url"].startswith(("http://", "https://")):
        raise Invalid(_("media_url must be an http(s) URL."), "media_url")
    return contact


def _location(sub: Submission) -> tuple[str | None, str | None, Building | None, str]:
    """Exactly one kind of location, as (lon, lat, building, address): lat+long, an
    address_id that is a building code, or an address_string naming one building."""
    building = None
    lon: str | None = None
    lat: str | None = None
    address = _limit(sub.address_string, 200, "address_string")
    has_point = bool(sub.lat.strip() or sub.long.strip())
    if has_point:
        if not (sub.lat.strip() and sub.long.strip()):
            raise Invalid(_("lat and long go together."), "location")
        lon, lat = sub.long.strip(), sub.lat.strip()
    elif sub.address_id.strip():
        building = Building.objects.filter(code=sub.address_id.strip()).first()
        if building is None:
            raise Invalid(
                _("Unknown address_id %(id)s.") % {"id": sub.address_id[:50]}, "address_id"
            )
    elif address:
        matches = list(Building.objects.filter(address=address)[:2]) or list(
            Building.objects.filter(name=address)[:2]
        )
        if len(matches) != 1:
            raise Invalid(
                _("address_string %(a)s names no single building: send lat and long as well.")
                % {"a": address},
                "location",
            )
        building = matches[0]
    else:
        raise Invalid(
            _("A location is required: lat and long, address_string or address_id."), "location"
        )
    return lon, lat, building, address


def do_submit_request(api_key: ApiKey, sub: Submission) -> Open311Request:
    """Take an Open311 `POST requests` in as a case made by the key's account.

    Rules (the spec's): a known service, exactly one kind of location (lat+long, an
    address_id that is a building code, or an address_string that names one building),
    a description of at most 4,000 characters, the service's required attributes; the
    location must lie in the key's area when it has one. Anything refused stores nothing.
    """
    found = service_and_questions(sub.service_code)
    if found is None:
        raise Invalid(
            _("Unknown service_code %(code)s.") % {"code": sub.service_code[:50]}, "service_code"
        )
    category, questions = found
    description = _limit(sub.description, DESCRIPTION_MAX, "description")
    if not description:
        raise Invalid(_("description is required."), "description")
    contact = _contact(sub)
    lon, lat, building, address = _location(sub)
    answers = _attributes(questions, sub.attributes)
    caller = f"{contact['last_name']}{contact['first_name']}".strip()[:50]
    made: list[Open311Request] = []

    def within_key_area(placement: Placement) -> None:
        if api_key.area is not None and not placement.area_code.startswith(api_key.area.code):
            raise Invalid(_("This location is outside the area this key reports for."), "location")

    def record(case: Case) -> None:  # stored with the case (its group commit)
        request = Open311Request(
            case=case,
            api_key=api_key,
            token=secrets.token_hex(16),
            attributes=answers,
            **contact,
        )
        insert(request)
        made.append(request)

    do_report_case(
        actor=api_key.user,
        category=category,
        description=description,
        channel=Channel.OPEN311,
        lon=lon,
        lat=lat,
        building=building,
        address=address,
        caller_name=caller,
        caller_phone=contact["phone"],
        note=_note(api_key, questions, answers),
        check=within_key_area,
        then=record,
    )
    return made[0]
