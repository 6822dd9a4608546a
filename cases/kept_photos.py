"""Photos of a refused report, kept for its next try.

A worker with a weak signal must not lose what they photographed when the report is
refused (a missing location, say): the photos that pass their own checks (`photos.prepare`)
are stored as the user's pending uploads, the form carries their tokens in hidden fields and
shows them as thumbnails, and the corrected report is sent with them instead of the files
again. A token is unguessable and names a file under the user's own folder, so nobody else
can use it; it expires after `LINLI_KEPT_PHOTO_HOURS` (default 24), and a stored report
removes the files it used.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from cases import photos as photo_checks
from core.refusal import Refusal
from core.timeutil import now

FOLDER = "cases/pending"
DEFAULT_HOURS = 24
THUMBNAIL = (160, 160)
# "<hex seconds>-<random>.<ext>": the time it was kept, so expiry needs no file metadata.
TOKEN = re.compile(r"^(?P<at>[0-9a-f]{8,12})-[A-Za-z0-9_-]{32}\.(?:jpg|png|webp)$")


@dataclass
class Kept:
    token: str
    thumbnail: str  # a data: URI, so the page shows it without another request


def _lifetime() -> dt.timedelta:
    return dt.timedelta(hours=getattr(settings, "LINLI_KEPT_PHOTO_HOURS", DEFAULT_HOURS))


def _path(user: Any, token: str) -> str:
    return f"{FOLDER}/{int(user.pk)}/{token}"


def _expired(token: str, at: dt.datetime) -> bool:
    match = TOKEN.match(token)
    if match is None:
        return True
    kept_at = dt.datetime.fromtimestamp(int(match["at"], 16), dt.UTC)
    return at - kept_at > _lifetime()


def _valid(tokens: Iterable[str]) -> list[str]:
    at = now()
    out: list[str] = []
    for token in tokens:
        if not _expired(token, at) and token not in out:
            out.append(token)
    return out


def keep(user: Any, uploads: Iterable[Any], room: int) -> list[str]:
    """Store up to `room` of `uploads` that pass the photo checks; their tokens."""
    forget_expired()
    tokens: list[str] = []
    for upload in uploads:
        if len(tokens) >= room:
            break
        if not upload:
            continue
        try:
            photo = photo_checks.prepare(upload)
        except Refusal:
            continue  # not a photo we could take: the refusal says so when it is the cause
        ext = str(photo.content.name).rsplit(".", 1)[-1]
        token = f"{int(now().timestamp()):x}-{secrets.token_urlsafe(24)}.{ext}"
        default_storage.save(_path(user, token), photo.content)
        tokens.append(token)
    return tokens


def load(user: Any, tokens: Iterable[str]) -> tuple[list[str], list[ContentFile]]:
    """The user's kept photos of `tokens` that still exist and have not expired, as files
    to report with; with their tokens."""
    found: list[str] = []
    files: list[ContentFile] = []
    for token in _valid(tokens):
        path = _path(user, token)
        if not default_storage.exists(path):
            continue
        with default_storage.open(path, "rb") as f:
            files.append(ContentFile(f.read(), name=token))
        found.append(token)
    return found, files


def thumbnails(user: Any, tokens: Iterable[str]) -> list[Kept]:
    out: list[Kept] = []
    found, files = load(user, tokens)
    for token, content in zip(found, files, strict=True):
        with Image.open(io.BytesIO(content.read())) as image:
            small = image.convert("RGB")
            small.thumbnail(THUMBNAIL)
            buf = io.BytesIO()
            small.save(buf, format="JPEG", quality=70)
        data = base64.b64encode(buf.getvalue()).decode()
        out.append(Kept(token, f"data:image/jpeg;base64,{data}"))
    return out


def discard(user: Any, tokens: Iterable[str]) -> None:
    for token in tokens:
        if TOKEN.match(token):
            default_storage.delete(_path(user, token))


def forget_expired() -> None:
    """Remove every user's expired kept photos (few: only refused reports leave them)."""
    if not default_storage.exists(FOLDER):
        return
    at = now()
    folders, _files = default_storage.listdir(FOLDER)
    for folder in folders:
        _dirs, names = default_storage.listdir(f"{FOLDER}/{folder}")
        for name in names:
            if _expired(name, at):
                default_storage.delete(f"{FOLDER}/{folder}/{name}")
