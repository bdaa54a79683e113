"""Files that only some readers may fetch: their storage, and how a view that
has asked `articles.policy` hands one over.

Such files live in the `private` storage (settings.STORAGES), outside
MEDIA_ROOT and never under MEDIA_URL, so the web server cannot serve them
by path. A view checks the policy, then either streams the file itself or,
in production, tells the web server to send it: `X-Accel-Redirect` to an
`internal` nginx location (NEWSROOM_PRIVATE_MEDIA_SENDFILE = "x-accel-redirect",
NEWSROOM_PRIVATE_MEDIA_INTERNAL_URL the location's prefix), or `X-Sendfile`
with the file's path for Apache's mod_xsendfile or lighttpd ("x-sendfile").
"""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import content_disposition_header


class PrivateStorage(FileSystemStorage):
    """Local private files: they have a path, never a URL of their own."""

    def url(self, name):
        raise ValueError(f"“{name}” is a private file: link to the view that serves it, not to the file")


def private_storage():
    """The `private` storage; a callable, so a FileField resolves it when used."""
    return storages["private"]


def send_stored_file(
    field_file,
    *,
    filename: str = "",
    as_attachment: bool = False,
    public: bool,
    max_age: int = 86400,
) -> HttpResponse:
    """A response for a stored file the view has already allowed.

    `public`: anonymous readers may fetch it too, so shared caches may keep
    it for `max_age`; otherwise the answer is private and never cached.
    """
    name = field_file.name
    content_type = mimetypes.guess_type(filename or name)[0] or "application/octet-stream"
    mode = settings.NEWSROOM_PRIVATE_MEDIA_SENDFILE
    storage = field_file.storage
    if mode and isinstance(storage, FileSystemStorage):
        response = HttpResponse(content_type=content_type)
        if mode == "x-accel-redirect":
            response["X-Accel-Redirect"] = settings.NEWSROOM_PRIVATE_MEDIA_INTERNAL_URL + quote(name)
        else:
            response["X-Sendfile"] = storage.path(name)
        if as_attachment or filename:
            response["Content-Disposition"] = content_disposition_header(as_attachment, filename or name)
    else:
        response = FileResponse(
            storage.open(name, "rb"), as_attachment=as_attachment, filename=filename, content_type=content_type
        )
    if public:
        patch_cache_control(response, public=True, max_age=max_age)
    else:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response
