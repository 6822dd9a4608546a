"""Uploaded files (case photos, wish photos) reach people only through signed, expiring
addresses; nothing under MEDIA_ROOT is served as it lies.

A page or an API answer that shows a photo has already asked its app's visibility rule
(`cases.permissions.visible_q` / `can_view`, `volunteering.permissions.wishes_visible_to`):
it hands out `url(file)`, the file's address signed together with the time it was made
(`TimestampSigner`, salted apart from every other signature). `serve` answers the file only
for a valid signature of that very name younger than `LINLI_MEDIA_URL_SECONDS`; anything
else — no signature, another file's, an expired one, a guessed name — is a 404, as for
everything a user may not see. The signature does not name a user, so an app's image loader
needs no credentials; an address passed on stops working when it expires.

Opening a photo is not audited, like opening the case or wish it belongs to: the audit log
records reveals of what is masked, and a photo is shown to everyone who may open its case.

Behind nginx, `LINLI_MEDIA_ACCEL_REDIRECT` (e.g. "/protected-media/", an `internal`
location aliased to MEDIA_ROOT) hands the sending to the web server (`X-Accel-Redirect`);
without it Django streams the file. New uploads get random names (`RandomName`); files
stored before keep their names and are served the same way.
"""

from __future__ import annotations

import mimetypes
import re
import uuid
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.views.decorators.http import require_safe

from core.timeutil import local, now

SALT = "linli.media"
DEFAULT_SECONDS = 3600
_EXTENSION = re.compile(r"\.[a-z0-9]{1,5}$")


def lifetime() -> int:
    """Seconds a signed address works after it was made."""
    return int(getattr(settings, "LINLI_MEDIA_URL_SECONDS", DEFAULT_SECONDS))


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def url(file: Any) -> str:
    """The signed address of a stored file (a `FieldFile` or its name); "" for no file.
    Call it only where the viewer may see the object the file belongs to."""
    name = file if isinstance(file, str) else getattr(file, "name", "") or ""
    if not name:
        return ""
    signature = _signer().sign(name)[len(name) + 1 :]  # "<time>:<mac>"
    return f"{reverse('core:media', args=[name])}?s={quote(signature)}"


def _valid(name: str, signature: str) -> bool:
    try:
        return _signer().unsign(f"{name}:{signature}", max_age=lifetime()) == name
    except signing.BadSignature:  # SignatureExpired is one
        return False


@require_safe
def serve(request: HttpRequest, name: str) -> HttpResponseBase:
    """The file named by a valid, unexpired signature; 404 for anything else."""
    if not _valid(name, request.GET.get("s", "")) or not default_storage.exists(name):
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    accel = getattr(settings, "LINLI_MEDIA_ACCEL_REDIRECT", "")
    response: HttpResponseBase
    if accel:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"{accel.rstrip('/')}/{quote(name)}"
    else:
        response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    # The address is the viewer's for its lifetime: their browser may keep the file as long.
    response["Cache-Control"] = f"private, max-age={lifetime()}"
    return response


@deconstructible
class RandomName:
    """`upload_to` giving `<folder>/<year>/<month>/<32 random hex digits>.<ext>`: the name
    says nothing of the file and cannot be guessed; the extension is kept."""

    def __init__(self, folder: str) -> None:
        self.folder = folder.strip("/")

    def __call__(self, instance: Any, filename: str) -> str:
        found = _EXTENSION.search(filename.lower())
        return f"{self.folder}/{local(now()):%Y/%m}/{uuid.uuid4().hex}{found[0] if found else ''}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)
