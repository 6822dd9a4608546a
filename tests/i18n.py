"""Helpers for language tests: the text a page shows, and the catalogs' own translations."""

from __future__ import annotations

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from django.apps import apps
from django.utils import translation

# Latin words a Chinese page may show: the language switch, file formats and acronyms.
ALLOWED_LATIN = frozenset({"EN", "API", "CSV", "XLSX", "GeoJSON", "ID"})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0
        self._verbatim: list[str] = []  # open elements marked translate="no" (codes, names)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if ("translate", "no") in attrs:
            self._verbatim.append(tag)
            self._skip += 1
        for name, value in attrs:
            if name in ("placeholder", "aria-label", "title", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        if self._verbatim and self._verbatim[-1] == tag:
            self._verbatim.pop()
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(response: Any) -> str:
    """What a reader sees of an HTML response (or HTML text): text and the labels of controls,
    less what is marked translate="no" (a pickup code, a check-in code: letters, not words)."""
    parser = _Text()
    parser.feed(response if isinstance(response, str) else response.content.decode())
    return "\n".join(parser.parts)


def english_words(text: str) -> set[str]:
    """Latin words in `text` other than the allowed acronyms (codes and numbers are not words)."""
    return set(re.findall(r"\b[A-Za-z][A-Za-z'-]+\b", text)) - ALLOWED_LATIN


def catalog(app_label: str, language: str) -> dict[Any, str]:
    """The compiled catalog of one app: {msgid or (msgid, n) with "ctx\\x04" prefix: msgstr}."""
    path = Path(apps.get_app_config(app_label).path, "locale", language, "LC_MESSAGES", "django.mo")
    with path.open("rb") as f:
        return dict(gettext.GNUTranslations(f)._catalog)  # type: ignore[attr-defined]


def overridden(app_label: str, language: str) -> list[tuple[str, str, str]]:
    """Messages of the app's catalog that Django renders otherwise, because another catalog
    (an earlier app, or Django's own) has the same msgid: (msgid, ours, shown)."""
    wrong = []
    with translation.override(language.replace("_", "-").lower()):
        for key, ours in catalog(app_label, language).items():
            if isinstance(key, tuple) or not key:  # plural forms and the header
                continue
            msgid = key
            context, _, text = msgid.rpartition("\x04")
            shown = translation.pgettext(context, text) if context else translation.gettext(text)
            if shown != ours:
                wrong.append((msgid.replace("\x04", " | "), ours, shown))
    return wrong


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(line: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), line[1:-1])


def po_entries(app_label: str, language: str) -> list[dict[str, Any]]:
    """The entries of an app's .po file (not the header, not obsolete ones): msgctxt, msgid,
    msgid_plural, msgstrs (as many as the language has plural forms), fuzzy, and for a plural
    entry `forms`, how many msgstr[i] the file holds."""
    path = Path(apps.get_app_config(app_label).path, "locale", language, "LC_MESSAGES", "django.po")
    text = path.read_text()
    nplurals = int(re.search(r"nplurals=(\d+)", text).group(1))  # type: ignore[union-attr]
    entries: list[dict[str, Any]] = []
    for block in text.split("\n\n"):
        entry: dict[str, Any] = {
            "msgctxt": None,
            "msgid_plural": None,
            "msgstrs": {},
            "fuzzy": False,
        }
        field: tuple[str, Any] | None = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["fuzzy"] = "fuzzy" in line
            elif line.startswith("#"):  # comments, references and obsolete entries (#~)
                continue
            elif line.startswith('"') and field:
                name, index = field
                if name == "msgstr":
                    entry["msgstrs"][index] += _unquote(line)
                else:
                    entry[name] += _unquote(line)
            else:
                keyword, _, value = line.partition(" ")
                if keyword.startswith("msgstr"):
                    index = int(keyword[7:-1]) if "[" in keyword else 0
                    entry["msgstrs"][index] = _unquote(value)
                    field = ("msgstr", index)
                else:
                    entry[keyword] = _unquote(value)
                    field = (keyword, None)
        if entry.get("msgid"):
            if entry["msgid_plural"] is not None:
                entry["forms"] = len(entry["msgstrs"])  # msgfmt -c wants exactly nplurals
                entry["msgstrs"] = {i: entry["msgstrs"].get(i, "") for i in range(nplurals)}
            entries.append(entry)
    return entries
