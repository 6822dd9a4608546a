"""Text the system writes into the database for others to read later (ledger reasons, history
notes, notifications) is in the deployment's language, not in the language of whoever caused the write."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise


def stored(message: Any, **params: Any) -> str:
    """`message` (a lazy translation) rendered in settings.LANGUAGE_CODE, formatted with
    `params`."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
        return text % params if params else text


@contextmanager
def site_language() -> Iterator[None]:
    """Inside it, gettext renders in settings.LANGUAGE_CODE: for notifications written in one
    person's session and read by another."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


class Deferred:
    """A message kept as its msgid and named params, so that what is stored renders in the
    language of whoever reads it (`data()` to store, `render()` to read), not of whoever
    caused it. `message` is a lazy translation (gettext_lazy, pgettext_lazy); a param may be
    one too, a Deferred, a `Localized` text, or a list of them (joined with ", "); other params
    are kept as they are.
    """

    def __init__(self, message: Any, /, **params: Any) -> None:
        self.message = message
        self.params = params

    def data(self) -> dict[str, Any]:
        if isinstance(self.message, Deferred) and not self.params:
            return self.message.data()
        out = _msgid(self.message)
        out["params"] = {k: _param(v) for k, v in self.params.items()}
        return out

    def __str__(self) -> str:
        return render(self.data())

    def __repr__(self) -> str:
        return f"Deferred({self.data()!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Deferred) and self.data() == other.data()

    def __hash__(self) -> int:
        return hash(repr(self))


class Localized:
    """Content that has a text per language, such as a category's name and its English name:
    as a Deferred param it keeps them all and shows the reader's language, else the site's.
    `texts` maps language codes ("zh-hans", "en") to texts; empty ones are left out."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = {code: str(text) for code, text in texts.items() if text}

    def data(self) -> dict[str, Any]:
        return {"texts": dict(self.texts)}

    def __str__(self) -> str:
        return _pick(self.texts)


def _pick(texts: dict[str, str]) -> str:
    """The text of the active language (or of its base language), else of the site's, else
    the first one."""
    if not texts:
        return ""
    for language in (translation.get_language(), settings.LANGUAGE_CODE):
        if not language:
            continue
        language = language.lower()
        if language in texts:
            return texts[language]
        base = language.split("-")[0]
        for code, text in texts.items():
            if code.lower().split("-")[0] == base:
                return text
    return next(iter(texts.values()))


def render(data: dict[str, Any]) -> str:
    """Stored `Deferred.data()` in the active language. Text stored before messages were kept
    as msgids (no "params") is shown as it was written."""
    message = str(data.get("message", ""))
    if "params" not in data:
        return message
    context = data.get("context")
    if data.get("plain"):
        text = message
    elif context:
        text = translation.pgettext(context, message)
    else:
        text = translation.gettext(message)
    params = {k: _shown(v) for k, v in (data["params"] or {}).items()}
    try:
        return text % params if params else text
    except (KeyError, TypeError, ValueError):
        return message  # a translation that no longer fits its params: the source text


def _msgid(message: Any) -> dict[str, Any]:
    """{"message": msgid} or with its "context", from a lazy gettext/pgettext; plain text
    (user content, codes) stays as it is, marked as not to be translated."""
    if isinstance(message, Deferred):
        return message.data()
    if isinstance(message, Promise):
        # A lazy proxy pickles as (func, args, kw): the msgid it would translate.
        reduced: Any = message.__reduce__()
        func, args, kw = reduced[1][:3]
        if func is translation.gettext and len(args) == 1 and not kw:
            return {"message": args[0]}
        if func is translation.pgettext and len(args) == 2 and not kw:
            return {"message": args[1], "context": args[0]}
    return {"message": str(message), "plain": True}


def _param(value: Any) -> Any:
    if isinstance(value, Localized):
        return value.data()
    if isinstance(value, Deferred | Promise):
        return _msgid(value)
    if isinstance(value, list | tuple):
        return [_param(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _shown(value: Any) -> Any:
    if isinstance(value, dict):
        if "texts" in value:
            return _pick(value["texts"] or {})
        if value.get("plain"):
            return str(value.get("message", ""))
        return render({"params": {}, **value})
    if isinstance(value, list):
        return ", ".join(str(_shown(v)) for v in value)
    return value
