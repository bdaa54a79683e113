"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1): the latest public articles,
of the paper and per section, beside the reader site's RSS and Atom feeds."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views import View

from articles import display, surrogates
from articles.feeds import FEED_SIZE
from articles.models import Article, Photo, Publication, Rendition
from articles.querysets import attach_tags
from articles.templatetags.reader import article_body, excerpt, printed_dateline, to_fullwidth

from . import queries
from .http import public_read, set_last_modified
from .schemas import url_of

VERSION = "https://jsonfeed.org/version/1.1"
CONTENT_TYPE = "application/feed+json; charset=utf-8"
ORDER = ("-published_at", "-id")


def image_url(photo: Photo) -> str:
    """The photo's widest rendition, else its original, else "" (a relative
    URL), from its article's prepared pieces (articles.display)."""
    name = display.of(photo.article).widest_file(photo)
    if name:
        return Rendition._meta.get_field("file").url_of(name)
    return photo.image.url if photo.image else ""


def content_html(request, article: Article) -> str:
    """The article as HTML: its photos with caption and credit, then the body."""
    figures = []
    for photo in article.photo_list:
        url = image_url(photo)
        image = format_html('<img src="{}" alt="{}">', request.build_absolute_uri(url), photo.alt_text) if url else ""
        caption = " ".join(part for part in (to_fullwidth(photo.caption), photo.credit_line) if part)
        figures.append(format_html("<figure>{}<figcaption>{}</figcaption></figure>", image, caption))
    return "".join(figures) + article_body(article, lead=printed_dateline(article))


def feed_item(request, article: Article) -> dict:
    """One item, of an article as `queries.feed_rows_of` loads it."""
    url = request.build_absolute_uri(
        Article.public_url(date=article.issue_date, number=article.page_number, pk=article.pk)
    )
    item = {
        "id": url,
        "url": url,
        "title": to_fullwidth(" ".join(part for part in (article.kicker, article.headline) if part)),
        "content_html": content_html(request, article),
        "summary": excerpt(article, 200),
        "date_published": article.published_at,
        "date_modified": article.modified,
        "authors": [{"name": b.person.name, "url": url_of(request, b.person)} for b in article.byline_list],
        "tags": [article.section_name, *(tag.name for tag in article.tag_list)],
        "language": "zh-CN",
    }
    images = [url for url in map(image_url, article.photo_list) if url]
    if images:
        item["image"] = request.build_absolute_uri(images[0])
    return item


@method_decorator(public_read, name="dispatch")
class LatestJsonFeed(View):
    # OPTIONS (a CORS preflight) is answered by public_read before dispatch.
    http_method_names = ["get", "head", "options"]

    def get_title(self, publication: Publication) -> str:
        return f"{publication.name} · 最新稿件"

    def get_description(self, publication: Publication) -> str:
        return f"{publication.name}数字报最新见报稿件"

    def get_home_page(self) -> str:
        return reverse("articles:home")

    def get_articles(self):
        return queries.public_articles()

    def get(self, request, **kwargs):
        surrogates.add(surrogates.FEEDS)
        publication = Publication.load()
        # The items' bodies come prepared (articles.display), not made per request.
        newest = self.get_articles().order_by(*ORDER).values("pk")[:FEED_SIZE]
        articles = attach_tags(queries.feed_rows_of(newest, *ORDER))
        feed = {
            "version": VERSION,
            "title": self.get_title(publication),
            "home_page_url": request.build_absolute_uri(self.get_home_page()),
            "feed_url": request.build_absolute_uri(request.path),
            "description": self.get_description(publication),
            "language": "zh-CN",
            "authors": [{"name": publication.name, "url": request.build_absolute_uri(reverse("articles:home"))}],
            "items": [feed_item(request, article) for article in articles],
        }
        # Unindented: the json module's C encoder, where `indent` takes the
        # Python one (a tenth of the feed's time at thirty items).
        response = HttpResponse(json.dumps(feed, cls=DjangoJSONEncoder, ensure_ascii=False), content_type=CONTENT_TYPE)
        set_last_modified(response, max((a.modified for a in articles), default=None))
        return response


class SectionJsonFeed(LatestJsonFeed):
    def get(self, request, slug: str):
        self.section = get_object_or_404(queries.public_sections(), slug=slug)
        surrogates.add(surrogates.section_key(self.section.pk))
        return super().get(request)

    def get_title(self, publication: Publication) -> str:
        return f"{publication.name} · {self.section.name}"

    def get_description(self, publication: Publication) -> str:
        return self.section.description or f"{publication.name}“{self.section.name}”版最新稿件"

    def get_home_page(self) -> str:
        return self.section.get_absolute_url()

    def get_articles(self):
        return super().get_articles().in_section(self.section)

