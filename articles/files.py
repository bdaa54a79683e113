"""Files that only some readers may fetch: their storage, and how a view that
has asked `articles.policy` hands one over.

Such files live in the `private` storage (settings.STORAGES), outside
MEDIA_ROOT and never under MEDIA_URL, so the web server cannot serve them
by path. A `ServedImageField`'s file links to the view that serves it: its
`url` is that view's address, so every template, feed and API that writes
`photo.image.url` links through the policy without knowing it. Its
`signed_url` lets anyone fetch the file for a while, whatever the policy:
for copy that leaves the site before the article is public (the WeChat
editor fetches and re-hosts the images of what an editor pastes). A view checks the policy, then either streams the file itself or,
in production, tells the web server to send it: `X-Accel-Redirect` to an
`internal` nginx location (NEWSROOM_PRIVATE_MEDIA_SENDFILE = "x-accel-redirect",
NEWSROOM_PRIVATE_MEDIA_INTERNAL_URL the location's prefix), or `X-Sendfile`
with the file's path for Apache's mod_xsendfile or lighttpd ("x-sendfile").
"""

from __future__ import annotations

import mimetypes
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core import signing
from django.core.files.storage import FileSystemStorage, storages
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import content_disposition_header


class PrivateStorage(FileSystemStorage):
    """Local private files: they have a path, never a URL of their own."""

    def url(self, name):
        raise ValueError(f"“{name}” is a private file: link to the view that serves it, not to the file")


def private_storage():
    """The `private` storage; a callable, so a FileField resolves it when used."""
    return storages["private"]


class ServedImageFieldFile(ImageFieldFile):
    """A private image whose address is the view that asks the policy for it."""

    @property
    def url(self) -> str:
        self._require_file()
        return self.field.url_of(self.name)

    def signed_url(self) -> str:
        """The address with a token that opens it to anyone for
        NEWSROOM_PHOTO_LINK_MAX_AGE seconds (`token_allows`)."""
        token = _link_signer().sign(self.name)[len(self.name) + 1 :]
        return f"{self.url}?{urlencode({'token': token})}"


def _link_signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt="articles.files.signed_url")


def token_allows(name: str, token: str) -> bool:
    """Whether `token` is a `signed_url` token of the stored file `name`, still valid."""
    try:
        _link_signer().unsign(f"{name}:{token}", max_age=settings.NEWSROOM_PHOTO_LINK_MAX_AGE)
    except signing.BadSignature:
        return False
    return True


class ServedImageField(models.ImageField):
    """An image in the private storage, served by the view `view_name`, which
    takes the stored name (`<path:name>`) and answers only readers the
    policy lets see the image's owner."""

    attr_class = ServedImageFieldFile

    def __init__(self, *args, view_name: str = "", **kwargs):
        self.view_name = view_name
        kwargs.setdefault("storage", private_storage)
        super().__init__(*args, **kwargs)

    def url_of(self, name: str) -> str:
        """The address of the stored file `name`, for a name kept apart from
        its row (an article's prepared display pieces)."""
        return reverse(self.view_name, kwargs={"name": name})

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["view_name"] = self.view_name
        return name, path, args, kwargs


def send_stored_file(
    field_file,
    *,
    filename: str = "",
    as_attachment: bool = False,
    public: bool,
    max_age: int = 86400,
    shared_max_age: int | None = None,
) -> HttpResponse:
    """A response for a stored file the view has already allowed.

    `public`: anonymous readers may fetch it too, so shared caches may keep
    it for `max_age` (or `shared_max_age`, for a cache in front that is
    purged when the file's owner changes); otherwise the answer is private
    and never cached.
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
        if shared_max_age is not None:
            patch_cache_control(response, s_maxage=shared_max_age)
    else:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response
