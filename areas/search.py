"""Finding people and places: one query over residents (name, pinyin or its initials, phone,
the last digits of an ID number), households and buildings (address), within the user's areas.

Each resident carries a precomputed `search_key` (`key_of`): its words, each preceded by a
space — the name, the given name (after a one-character surname), its pinyin in full and its
initials (郭宁敏: "宁敏", "guoningmin", "gnm"), the phone, the phone's last four digits, the
ID number's last four and six characters. A query matches the start of a word
(`contains(" " + q)`): the space makes even a two-character name a trigram, so on PostgreSQL
the trigram GIN index (pg_trgm, migration areas/0003) serves every query; `bench/search.py`
measures it beside the naive icontains over name and phone. Addresses (households, buildings)
match anywhere.

The key is kept current by `Resident.save()` and by the register import (`derive()` on the
rows it writes); migration 0003 fills existing rows. Results are the model instances: pages
and the API mask phone and ID numbers as everywhere; full values only through the audited
reveal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from pypinyin import Style, lazy_pinyin

from areas import permissions
from areas.models import Building, Household, Resident

LIMIT = 20  # results of each kind shown; one more is read to say there are more
CANDIDATES = 200  # matching residents (households) read before ordering by name (address)
MIN_LENGTH = 2  # shorter queries match too much to be useful
MAX_LENGTH = 60
CJK = re.compile(r"[\u3400-\u9fff]")
_SPACES = re.compile(r"\s+")


def key_of(name: str, phone: str, id_number: str) -> str:
    """A resident's search words, each preceded by a space, lower case."""
    name = _SPACES.sub("", name or "")
    words = [name.lower()]
    if CJK.search(name):
        if len(name) > 2:
            words.append(name[1:])  # the given name after a one-character surname
        syllables = [s.lower() for s in lazy_pinyin(name, errors="ignore")]
        initials = [s.lower() for s in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")]
        words += ["".join(syllables), "".join(initials)]
    phone = re.sub(r"\D", "", phone or "")
    if phone:
        words += [phone, phone[-4:]]
    id_number = (id_number or "").strip().lower()
    if id_number:
        words += [id_number[-4:], id_number[-6:]]
    return "".join(f" {w}" for w in dict.fromkeys(w for w in words if w))


def normalised(q: str) -> str:
    """The query as the keys are written: no spaces, lower case, at most MAX_LENGTH."""
    return _SPACES.sub("", q or "").lower()[:MAX_LENGTH]


def residents(user: Any, q: str) -> QuerySet[Resident]:
    """Residents in the user's areas with a word of their key starting with `q` (already
    `normalised`), by name: among the first CANDIDATES found, so that a short query that
    matches thousands (initials) costs no more than one that matches a few."""
    found = (
        Resident.objects.filter(permissions.residents_q(user))
        .filter(search_key__contains=" " + q)
        .order_by()  # unordered: the LIMIT stops the scan (the Meta ordering would sort all)
        .values("pk")[:CANDIDATES]
    )
    return (
        Resident.objects.filter(pk__in=found).select_related("household").order_by("name", "code")
    )


def households(user: Any, q: str) -> QuerySet[Household]:
    """Households in the user's areas whose address holds `q` (a query with Chinese)."""
    if not CJK.search(q):
        return Household.objects.none()
    found = (
        Household.objects.filter(permissions.households_q(user))
        .filter(address__contains=q)
        .order_by()
        .values("pk")[:CANDIDATES]
    )
    return (
        Household.objects.filter(pk__in=found)
        .select_related("building", "grid")
        .order_by("address", "code")
    )


def buildings(user: Any, q: str) -> QuerySet[Building]:
    """Buildings in the user's areas whose name or address holds `q` (a query with Chinese)."""
    if not CJK.search(q):
        return Building.objects.none()
    return (
        Building.objects.filter(permissions.buildings_q(user))
        .filter(Q(name__contains=q) | Q(address__contains=q))
        .select_related("compound", "community", "grid")
        .order_by("name", "code")
    )


@dataclass
class Found:
    q: str
    residents: list[Resident] = field(default_factory=list)
    households: list[Household] = field(default_factory=list)
    buildings: list[Building] = field(default_factory=list)
    more: bool = False  # some kind had more than LIMIT matches

    @property
    def empty(self) -> bool:
        return not (self.residents or self.households or self.buildings)


def search(user: Any, raw: str) -> Found:
    """Up to LIMIT residents, households and buildings matching the query, within the user's
    areas; nothing for a query shorter than MIN_LENGTH."""
    q = normalised(raw)
    found = Found(q)
    if len(q) < MIN_LENGTH or not permissions.may_browse(user):
        return found
    for name, qs in (
        ("residents", residents(user, q)),
        ("households", households(user, q)),
        ("buildings", buildings(user, q)),
    ):
        rows = list(qs[: LIMIT + 1])
        found.more |= len(rows) > LIMIT
        setattr(found, name, rows[:LIMIT])
    return found
