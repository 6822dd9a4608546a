"""居民自主发布: a resident posts their own micro-wish or need; the community's staff review it.

A post waits as `submitted` (seen only by its poster and the community's staff) until the
staff publish it as it is (`approve`), publish it edited with a note (`revise`: the resident's
own words stay in `submitted_text`), or decline it with the reason (`decline`). Then it
follows today's flow: a wish is claimed on the wall, a need on the needs list. The resident is
told of each review. Each move goes through `volunteering.workflow` with `core.workflow.move`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from areas.models import Area, Household
from core import audit
from core.i18n import site_language
from core.notify import notify
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from core.text import unstorable
from core.timeutil import now
from core.workflow import Notice, move
from volunteering import permissions
from volunteering.actions.common import clean_text
from volunteering.actions.orders import _staff_users
from volunteering.models import (
    BeneficiaryKind,
    ListCategory,
    MicroWish,
    Need,
    NeedStatus,
    Privacy,
    WishEvent,
    WishStatus,
)
from volunteering.workflow import NEED_OPEN_POSTS, WISH_OPEN_POSTS

TITLE_MAX = 100
TEXT_MAX = 2000
NOTE_MAX = 500


def open_posts_limit() -> int:
    """How many posts of one household may be open at once (awaiting review or under way)."""
    return int(getattr(settings, "LINLI_RESIDENT_OPEN_POSTS", 5))


def _text(value: Any, label: str, *, field: str, required: bool, max_length: int) -> str:
    if value is not None and not isinstance(value, str):
        raise Invalid(_("%(field)s must be text.") % {"field": label}, field)
    if value and unstorable(value):
        raise Invalid(_("%(field)s holds characters that cannot be stored.") % {"field": label})
    try:
        return clean_text(value, label, required=required, max_length=max_length)
    except Invalid as refusal:
        raise Invalid(refusal.message, field) from None


def _poster(actor: User, community: Area | None) -> tuple[Any, Area]:
    """The poster's resident record and community, or a refusal; then the household's limit."""
    reason = permissions.post_refusal(actor, community)
    if reason is not None:
        raise Forbidden(reason, "community_code")
    resident, home = permissions.resident_home(actor)
    household = resident.household_id
    # The household's row is locked so that two posts at once are counted in turn.
    Household.objects.select_for_update().filter(pk=household).first()
    n = (
        MicroWish.objects.filter(
            posted_by__resident__household_id=household,
            status__in=WISH_OPEN_POSTS,
            submitted_text__gt="",
        ).count()
        + Need.objects.filter(
            created_by__resident__household_id=household,
            status__in=NEED_OPEN_POSTS,
            submitted_text__gt="",
        ).count()
    )
    if n >= open_posts_limit():
        raise Conflict(
            _(
                "Your household already has %(n)d wishes and needs open; post again when one "
                "is done."
            )
            % {"n": n}
        )
    return resident, home


def _tell_staff(item: Any, title: Any) -> None:
    """Tell the community's staff a post awaits their review (in the site's language)."""
    with site_language():
        notify(
            _staff_users(item.community),
            str(title) % {"title": item.title},
            "",
            "/volunteering/staff/review/",
        )


def _words(title: str, description: str) -> str:
    return f"{title}\n{description}".strip()


@transaction.atomic
def do_submit_wish(
    *,
    title: Any,
    description: Any = "",
    beneficiary_kind: str = BeneficiaryKind.OTHER,
    privacy: str = Privacy.MASKED,
    community: Area | None = None,
    actor: User,
) -> MicroWish:
    """A resident posts their own wish in the community they live in; it waits for review and
    nobody but the poster and the staff sees it until then."""
    resident, home = _poster(actor, community)
    title = _text(title, _("Wish"), field="title", required=True, max_length=TITLE_MAX)
    description = _text(
        description, _("Story"), field="description", required=False, max_length=TEXT_MAX
    )
    if beneficiary_kind not in BeneficiaryKind.values:
        raise Invalid(_("Choose who the wish is for."), "beneficiary_kind")
    if privacy not in Privacy.values:
        raise Invalid(_("Choose how the name is shown."), "privacy")
    wish = MicroWish.objects.create(
        community=home,
        beneficiary=resident,
        beneficiary_name=resident.name[:50],
        beneficiary_kind=beneficiary_kind,
        privacy=privacy,
        title=title,
        description=description,
        status=WishStatus.SUBMITTED,
        posted_by=actor,
        submitted_text=_words(title, description),
    )
    WishEvent.objects.create(
        wish=wish, event="submit", to_status=wish.status, actor=actor, note=wish.submitted_text
    )
    audit.record(actor, "volunteering.wish.submit", wish, {"title": title})
    _tell_staff(wish, gettext_lazy("A resident's wish awaits review: %(title)s"))
    return wish


@transaction.atomic
def do_submit_need(
    *,
    title: Any,
    description: Any = "",
    category: str = ListCategory.OTHER,
    community: Area | None = None,
    actor: User,
) -> Need:
    """A resident puts a need of theirs forward for the needs list; it waits for review."""
    _resident, home = _poster(actor, community)
    title = _text(title, _("Title"), field="title", required=True, max_length=TITLE_MAX)
    description = _text(
        description, _("Description"), field="description", required=False, max_length=TEXT_MAX
    )
    if category not in ListCategory.values:
        raise Invalid(_("Choose a category."), "category")
    need = Need.objects.create(
        community=home,
        title=title,
        description=description,
        category=category,
        status=NeedStatus.SUBMITTED,
        created_by=actor,
        submitted_text=_words(title, description),
    )
    audit.record(actor, "volunteering.need.submit", need, {"title": title})
    _tell_staff(need, gettext_lazy("A resident's need awaits review: %(title)s"))
    return need


REVIEW_TITLES = {
    "approve": gettext_lazy("Your post is published: %(title)s"),
    "revise": gettext_lazy("Your post is published with changes: %(title)s"),
    "decline": gettext_lazy("Your post was declined: %(title)s"),
}


def _review(
    item: Any,
    *,
    decision: str,
    note: Any,
    title: Any,
    description: Any,
    actor: User,
    poster: Any,
    url: str,
    audit_name: str | None,
) -> Any:
    if decision not in REVIEW_TITLES:
        raise Invalid(_("Choose approve, revise or decline."), "decision")
    if not permissions.may_review(actor, item):
        if poster is not None and poster.pk == actor.pk:
            raise Forbidden(_("Only the community's staff review a resident's post."))
        raise NotFound(_("Not found."))
    note = _text(note, _("Note"), field="note", required=decision != "approve", max_length=NOTE_MAX)
    changes: dict[str, Any] = {"review_note": note, "reviewed_at": now()}
    if decision == "revise":
        # What is not given stays as it is.
        title = item.title if title is None else title
        description = item.description if description is None else description
        new_title = _text(title, _("Title"), field="title", required=True, max_length=TITLE_MAX)
        new_text = _text(
            description, _("Description"), field="description", required=False, max_length=TEXT_MAX
        )
        if new_title == item.title and new_text == item.description:
            raise Invalid(_("Nothing was changed: approve it as it is."), "title")
        changes |= {"title": new_title, "description": new_text}
    before = {"title": item.title, "description": item.description}
    done = move(
        item,
        decision,
        actor,
        changes=changes,
        note=note,
        audit_changes={
            "note": note,
            **(
                {"title": [before["title"], changes["title"]]}
                if "title" in changes and changes["title"] != before["title"]
                else {}
            ),
            **(
                {"description": [before["description"], changes["description"]]}
                if "description" in changes and changes["description"] != before["description"]
                else {}
            ),
        },
        notices=[
            Notice(
                [poster],
                REVIEW_TITLES[decision],
                note,
                url,
                {"title": changes.get("title", item.title)},
            )
        ]
        if poster is not None
        else [],
        locked=True,
    )
    if audit_name is not None:  # the needs' table audits none of its moves itself
        audit.record(actor, audit_name, done, {"note": note, "decision": decision})
    return done


@transaction.atomic
def do_review_wish(
    wish: MicroWish,
    *,
    decision: str,
    note: Any = "",
    title: Any = None,
    description: Any = None,
    actor: User,
) -> MicroWish:
    """The community's staff publish a resident's wish (`approve`), publish it edited with a
    note (`revise`; the resident's words stay in `submitted_text` and the history), or
    `decline` it with the reason. The resident is told."""
    wish = MicroWish.objects.select_for_update().select_related("community").get(pk=wish.pk)
    return _review(
        wish,
        decision=decision,
        note=note,
        title=title,
        description=description,
        actor=actor,
        poster=wish.posted_by,
        url=f"/volunteering/wishes/{wish.pk}/",
        audit_name=None,
    )


@transaction.atomic
def do_review_need(
    need: Need,
    *,
    decision: str,
    note: Any = "",
    title: Any = None,
    description: Any = None,
    actor: User,
) -> Need:
    """As `do_review_wish`, for a resident's need: published, it joins the needs list (and may
    be claimed, 双向领办, or matched into a project)."""
    need = Need.objects.select_for_update().select_related("community").get(pk=need.pk)
    return _review(
        need,
        decision=decision,
        note=note,
        title=title,
        description=description,
        actor=actor,
        poster=need.created_by,
        url="/volunteering/posts/",
        audit_name=f"volunteering.need.{decision}",
    )
