"""Section, person and tag pages: published articles, newest first, paginated."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import ListView

from .. import surrogates
from ..models import Article, Page, Person, Section
from ..querysets import Windowed, attach_captions, published_tags
from ..reuse import reused
from .mixins import ReaderMixin


class ArticleListView(ReaderMixin, ListView):
    """Lists show only public articles, to staff too: previews are per article.

    A list belongs to an owner (a section, a person, a tag), found by the URL's
    slug among `owners()`, those with public work; `owned()` narrows the
    articles to its own and `owner_key()` names the list for caches
    (articles.surrogates). The template has it under `owner_name`.
    """

    paginate_by = 20
    context_object_name = "articles"
    owner_name = ""  # section, person, tag
    owner_label = ""  # what the page title calls it

    def owners(self):
        raise NotImplementedError

    def owned(self, articles):
        raise NotImplementedError

    def owner_key(self) -> str:
        raise NotImplementedError

    def get_queryset(self):
        self.owner = get_object_or_404(self.owners(), slug=self.kwargs["slug"])
        surrogates.add(self.owner_key())
        return self.owned(Article.objects.published().for_listing().newest_first())

    def counted(self):
        """The owner's public articles in a form quicker to count, where
        there is one (None: count the list itself)."""
        return None

    def get_paginator(self, queryset, *args, **kwargs):
        # The same for every reader (lists show only public articles), so
        # reused until something changes (articles.reuse): a tag's count reads
        # every item of the tag.
        counted = self.counted()
        counted = queryset if counted is None else counted
        key = ("count", self.owner_name, self.owner.pk)
        windowed = Windowed(queryset, count=lambda: reused(key, counted.count))
        return super().get_paginator(windowed, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs[self.owner_name] = self.owner
        context = super().get_context_data(**kwargs)
        # A card shows no excerpt for a photo story (articles.cards).
        attach_captions([article for article in context["articles"] if article.kind != Article.Kind.PHOTO])
        return context

    def get_page_title(self) -> str:
        return f"{self.owner.name} · {self.owner_label}"

    def get_canonical_path(self) -> str:
        page = self.request.GET.get("page")
        return f"{self.request.path}?page={page}" if page and page != "1" else self.request.path


class SectionView(ArticleListView):
    """A section's articles, and its latest printed pages: a section whose
    pages carry no article text yet (a photo page, a page still being typed
    in) is a page that says so and leads to its pages, not a 404."""

    template_name = "articles/section.html"
    owner_name, owner_label = "section", "栏目"
    recent_pages = 6

    def owners(self):
        return Section.objects.all()

    def owned(self, articles):
        return articles.in_section(self.owner)

    def counted(self):
        return Article.objects.published().in_section(self.owner, counting=True)

    def get_context_data(self, **kwargs):
        def load():
            pages = Page.objects.published().filter(section=self.owner).select_related("issue")
            return list(pages.order_by("-issue__date")[: self.recent_pages])

        # What the public sees, the same for every reader: reused (articles.reuse).
        kwargs["section_pages"] = reused(("section_pages", self.owner.pk), load)
        return super().get_context_data(**kwargs)

    def owner_key(self) -> str:
        return surrogates.section_key(self.owner.pk)

    def get_meta_description(self) -> str:
        return self.owner.description or f"历期“{self.owner.name}”版的稿件和版面，按时间倒序。"

    def get_feeds(self) -> list[dict]:
        slug = {"slug": self.owner.slug}
        return super().get_feeds() + [
            {
                "title": f"{self.owner.name} RSS",
                "type": "application/rss+xml",
                "url": reverse("articles:section_feed_rss", kwargs=slug),
            },
            {
                "title": f"{self.owner.name} Atom",
                "type": "application/atom+xml",
                "url": reverse("articles:section_feed_atom", kwargs=slug),
            },
        ]


class PersonView(ArticleListView):
    template_name = "articles/person.html"
    owner_name, owner_label = "person", "作者"

    def owners(self):
        return Person.objects.with_published_work(one=True)

    def owned(self, articles):
        # Its photos too, for the roles (a credit is "摄影").
        return articles.by_person(self.owner.pk).with_photos()

    def owner_key(self) -> str:
        return surrogates.person_key(self.owner.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for article in context["articles"]:
            article.person_roles = self.roles(article)
        return context

    def roles(self, article: Article) -> list[str]:
        """The person's roles on this article, from the prefetched bylines and photos."""
        roles = [b.get_role_display() for b in article.byline_list if b.person_id == self.owner.pk]
        if any(photo.credit_id == self.owner.pk for photo in article.photo_list):
            roles.append("摄影")
        return list(dict.fromkeys(roles))

    def get_meta_description(self) -> str:
        return self.owner.bio or f"{self.owner.name}采写、拍摄的稿件，按时间倒序。"


class TagView(ArticleListView):
    template_name = "articles/tag.html"
    owner_name, owner_label = "tag", "标签"

    def owners(self):
        return published_tags()

    def owned(self, articles):
        return articles.tagged(self.owner)

    def counted(self):
        return Article.objects.published().tagged(self.owner, counting=True)

    def owner_key(self) -> str:
        return surrogates.tag_key(self.owner.slug)

    def get_meta_description(self) -> str:
        return f"标签“{self.owner.name}”下的稿件，按时间倒序。"
