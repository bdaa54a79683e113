"""RSS and Atom feeds: the latest public articles, of the paper and per section."""

from __future__ import annotations

import io

from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from . import surrogates
from .models import Article, Publication, Section
from .querysets import attach_captions, attach_tags
from .templatetags.reader import summary, to_fullwidth

FEED_SIZE = 30


class _Buffered:
    """A feed generator that writes the document to memory first and hands
    the response one string: Django's writes each element to the response,
    a thousand encoded writes for thirty items."""

    def write(self, outfile, encoding):
        buffer = io.StringIO()
        super().write(buffer, encoding)
        outfile.write(buffer.getvalue())


class BufferedRssFeed(_Buffered, Rss201rev2Feed):
    pass


class BufferedAtomFeed(_Buffered, Atom1Feed):
    pass


class LatestRssFeed(Feed):
    feed_type = BufferedRssFeed
    language = "zh-cn"

    # Feed instances are shared between requests: per-request data lives in `obj`.
    def get_object(self, request) -> Publication:
        return Publication.load()

    def title(self, obj: Publication) -> str:
        return f"{obj.name} · 最新稿件"

    def description(self, obj: Publication) -> str:
        return f"{obj.name}数字报最新见报稿件"

    def subtitle(self, obj: Publication) -> str | None:
        return None

    def author_name(self, obj: Publication) -> str:
        return obj.name

    def link(self, obj: Publication) -> str:
        return reverse("articles:home")

    def get_feed(self, obj, request):
        """The feed, each item's parts asked for by name: Django's generic
        loop looks up fifteen attributes per item, each through `inspect`
        (a quarter of the feed's time at thirty items). What this feed
        leaves unset (enclosures, comments, copyright, an author's e-mail)
        it never offered."""
        domain, secure = get_current_site(request).domain, request.is_secure()
        feed = self.feed_type(
            title=self.title(obj),
            subtitle=self.subtitle(obj),
            link=add_domain(domain, self.link(obj), secure),
            description=self.description(obj),
            language=self.language,
            feed_url=add_domain(domain, request.path, secure),
            # Atom's author of the entries that name none.
            author_name=self.author_name(obj),
        )
        for item in self.items(obj):
            link = add_domain(domain, self.item_link(item), secure)
            feed.add_item(
                title=self.item_title(item),
                link=link,
                description=self.item_description(item),
                # The item's own address: a guid or an Atom id must be absolute.
                unique_id=link,
                pubdate=self.item_pubdate(item),
                updateddate=self.item_updateddate(item),
                author_name=self.item_author_name(item) or None,
                categories=self.item_categories(item),
            )
        return feed

    def articles(self):
        surrogates.add(surrogates.FEEDS)
        return (
            Article.objects.published()
            .for_listing()
            .order_by("-published_at", "-page__issue__date", "page__number", "position")
        )

    def items(self, obj: Publication):
        return self.newest(self.articles())

    @staticmethod
    def newest(articles) -> list[Article]:
        """The feed's window of `articles`, with their tags and, for stories
        told in pictures, the captions their description comes from."""
        return attach_captions(attach_tags(articles.window(0, FEED_SIZE)))

    def item_title(self, item: Article) -> str:
        return to_fullwidth(f"{item.kicker} {item.headline}".strip())

    def item_description(self, item: Article) -> str:
        return summary(item, 200)

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return "、".join(b.person.name for b in item.byline_list)

    def item_categories(self, item: Article) -> list[str]:
        return [item.page.section.name, *(tag.name for tag in item.tag_list)]


class LatestAtomFeed(LatestRssFeed):
    feed_type = BufferedAtomFeed

    def subtitle(self, obj: Publication) -> str:
        return self.description(obj)


class SectionRssFeed(LatestRssFeed):
    def get_object(self, request, slug: str) -> Section:
        section = get_object_or_404(Section.objects.all(), slug=slug)
        surrogates.add(surrogates.section_key(section.pk))
        section.publication = Publication.load()
        return section

    def title(self, obj: Section) -> str:
        return f"{obj.publication.name} · {obj.name}"

    def description(self, obj: Section) -> str:
        return obj.description or f"{obj.publication.name}“{obj.name}”版最新稿件"

    def link(self, obj: Section) -> str:
        return obj.get_absolute_url()

    def author_name(self, obj: Section) -> str:
        return obj.publication.name

    def items(self, obj: Section):
        return self.newest(self.articles().in_section(obj))


class SectionAtomFeed(SectionRssFeed):
    feed_type = BufferedAtomFeed

    def subtitle(self, obj: Section) -> str:
        return self.description(obj)
