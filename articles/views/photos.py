"""Photo files: the original and every rendition, by their stored name.

They live in the private storage (articles.files), so nothing serves them by
path; this view answers only readers whom `articles.policy` lets see the
photo's article — its reporter and the editors while it is a draft, everyone
once it is public, no one but the newsroom after it is withdrawn. A public
answer may be kept by the cache in front; it carries the article's surrogate
key (the article is loaded here), so a withdrawal purges it. A valid
`?token=` of a signed address (articles.files) opens the file to anyone for
a while, answered privately.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.views import View

from .. import policy
from ..files import send_stored_file, token_allows
from ..models import Article, Photo, Rendition
from .mixins import ReaderMixin


class PhotoFileView(ReaderMixin, View):
    def get(self, request, *args, name: str, **kwargs):
        signed = token_allows(name, request.GET.get("token", ""))
        visible = Article.objects.all() if signed else Article.objects.visible_to(request.user)
        stored = self.find(name, visible)
        if stored is None:
            raise Http404("没有这张图片")
        field_file, article = stored
        if signed:
            public = False
        else:
            public = not request.user.is_authenticated or policy.article_is_public(article)
        return send_stored_file(
            field_file,
            public=public,
            max_age=settings.NEWSROOM_PHOTO_BROWSER_MAX_AGE,
            shared_max_age=settings.NEWSROOM_SHARED_MAX_AGE or None,
        )

    @staticmethod
    def find(name: str, visible) -> tuple[FieldFile, Article] | None:
        """The stored file named `name` and its article, if the article is in
        `visible`; renditions first, as pages ask for them most. One indexed
        query each."""
        rendition = (
            Rendition.objects.filter(file=name, photo__article__in=visible).select_related("photo__article").first()
        )
        if rendition is not None:
            return rendition.file, rendition.photo.article
        photo = Photo.objects.filter(image=name, article__in=visible).select_related("article").first()
        if photo is not None:
            return photo.image, photo.article
        return None
