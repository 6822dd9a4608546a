"""A campaign's questionnaire: the office's list of typed fields, stored as JSON and checked
twice, when the campaign is launched (`clean_schema`) and when a household's answers are
recorded (`clean_answers`).

A field is `{"key", "label", "type", "required", "options"}`, `type` one of:
- `choice`: one of `options` (`[{"value", "label"}]`), e.g. at home / away / unreachable;
- `yes_no`: true or false, e.g. gas safety checked, special group confirmed;
- `text`: free text up to 500 characters.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from core.refusal import Invalid

TYPES = ("choice", "yes_no", "text")
TEXT_MAX = 500
MAX_FIELDS = 30
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

# A door-to-door round's usual questions (敲门行动); the office edits them per campaign.
DEFAULT: list[dict[str, Any]] = [
    {
        "key": "presence",
        "label": "居住情况",
        "type": "choice",
        "required": True,
        "options": [
            {"value": "at_home", "label": "在家"},
            {"value": "away", "label": "外出"},
            {"value": "unreachable", "label": "联系不上"},
        ],
    },
    {"key": "gas_checked", "label": "燃气安全已检查", "type": "yes_no", "required": True},
    {"key": "special_group", "label": "特殊人群已核实", "type": "yes_no", "required": False},
    {"key": "remarks", "label": "情况说明", "type": "text", "required": False},
]


def clean_schema(raw: Any) -> list[dict[str, Any]]:
    """The questionnaire in its stored shape, or `Invalid` on the field "questionnaire"."""

    def bad(message: str) -> Invalid:
        return Invalid(message, "questionnaire")

    if not isinstance(raw, list) or not raw:
        raise bad(_("The questionnaire is a list of at least one field."))
    if len(raw) > MAX_FIELDS:
        raise bad(_("A questionnaire has at most %(n)d fields.") % {"n": MAX_FIELDS})
    out: list[dict[str, Any]] = []
    keys: set[str] = set()
    for n, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            raise bad(_("Field %(n)d is not an object.") % {"n": n})
        key, label, kind = item.get("key"), item.get("label"), item.get("type")
        if not isinstance(key, str) or not KEY.match(key):
            raise bad(_("Field %(n)d needs a key of small letters, digits and _.") % {"n": n})
        if key in keys:
            raise bad(_("The key %(key)s appears twice.") % {"key": key})
        keys.add(key)
        if not isinstance(label, str) or not label.strip() or len(label) > 100:
            raise bad(_("Field %(n)d needs a label of at most 100 characters.") % {"n": n})
        if kind not in TYPES:
            raise bad(_("Field %(n)d has an unknown type.") % {"n": n})
        required = item.get("required", False)
        if not isinstance(required, bool):
            raise bad(_("Field %(n)d: “required” is true or false.") % {"n": n})
        field: dict[str, Any] = {
            "key": key,
            "label": label.strip(),
            "type": kind,
            "required": required,
        }
        if kind == "choice":
            options = item.get("options")
            if not isinstance(options, list) or len(options) < 2:
                raise bad(_("Field %(n)d needs at least two options.") % {"n": n})
            cleaned = []
            for option in options:
                if isinstance(option, str):
                    option = {"value": option, "label": option}
                value, text = (option or {}).get("value"), (option or {}).get("label")
                if not isinstance(value, str) or not value or not isinstance(text, str):
                    raise bad(_("Field %(n)d has an option without a value.") % {"n": n})
                cleaned.append({"value": value[:40], "label": (text or value)[:100]})
            if len({o["value"] for o in cleaned}) != len(cleaned):
                raise bad(_("Field %(n)d repeats an option.") % {"n": n})
            field["options"] = cleaned
        out.append(field)
    return out


def clean_answers(schema: list[dict[str, Any]], raw: Any) -> dict[str, Any]:
    """The answers by key, each of its field's type; `Invalid` naming "answers.<key>"."""
    if not isinstance(raw, dict):
        raise Invalid(_("The answers are an object by field key."), "answers")
    known = {f["key"] for f in schema}
    extra = sorted(set(raw) - known)
    if extra:
        raise Invalid(_("Unknown answer: %(key)s.") % {"key": extra[0]}, f"answers.{extra[0]}")
    out: dict[str, Any] = {}
    for field in schema:
        key, value = field["key"], raw.get(field["key"])
        name = f"answers.{key}"
        if value is None or value == "":
            if field["required"]:
                raise Invalid(_("Answer “%(label)s”.") % {"label": field["label"]}, name)
            continue
        if field["type"] == "yes_no":
            if not isinstance(value, bool):
                raise Invalid(_("“%(label)s” is yes or no.") % {"label": field["label"]}, name)
        elif field["type"] == "choice":
            if value not in {o["value"] for o in field["options"]}:
                raise Invalid(
                    _("Choose one of the options of “%(label)s”.") % {"label": field["label"]},
                    name,
                )
        else:
            if not isinstance(value, str):
                raise Invalid(_("“%(label)s” is text.") % {"label": field["label"]}, name)
            value = value.strip()
            if len(value) > TEXT_MAX:
                raise Invalid(_("At most %(n)d characters.") % {"n": TEXT_MAX}, name)
            if not value:
                if field["required"]:
                    raise Invalid(_("Answer “%(label)s”.") % {"label": field["label"]}, name)
                continue
        out[key] = value
    return out


def shown(field: dict[str, Any], value: Any) -> str:
    """An answer as a person reads it (pages, the XLSX export)."""
    if value is None:
        return ""
    if field["type"] == "yes_no":
        return _("Yes") if value else _("No")
    if field["type"] == "choice":
        return next((o["label"] for o in field["options"] if o["value"] == value), str(value))
    return str(value)
