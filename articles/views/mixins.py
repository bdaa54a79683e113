"""The one mixin every reader page shares."""

from __future__ import annotations

from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from .. import hooks, surrogates
from ..models import Article
from ..reuse import reused, reused_for


class ReaderMixin:
    """Who may see unpublished content, and what goes into every page's head.

    Who sees what is `articles.policy`'s answer, asked through `visible()`:
    the public sees only `published()` content; editors may open drafts and
    scheduled articles at their public URL, reporters their own. The page
    then says "预览", and the response is kept out of caches and search engines.
    """

    # Set by a view when it shows anything the public could not see.
    preview = False
    # The paper's name is the page's h1 only on front pages.
    masthead_is_h1 = False
    # Listing keys (articles.surrogates) of the page, beside those of what it loads.
    surrogate_keys: tuple[str, ...] = ()
    # Which context providers of articles.hooks this view asks ("page", "article").
    hook_name = ""

    def visible(self, queryset, **options):
        """The queryset as the current reader may see it (`options`: those of
        its `visible_to`, such as `one` for a lookup of a single issue)."""
        return queryset.visible_to(self.request.user, **options)

    def shared(self, key, load):
        """`load()`, reused for readers who see what the public sees and
        loaded afresh for the others (articles.reuse)."""
        return reused_for(self.request.user, key, load)

    def issue_pages(self, issue) -> list:
        """The issue's pages with their sections, in order (the 版面导航):
        the same for every reader, so reused (articles.reuse)."""
        pages = reused(("pages", issue.pk), lambda: list(issue.pages.select_related("section").order_by("number")))
        for page in pages:
            page.issue = issue  # saves a query per link
        return pages

    def issue_headlines(self, issue) -> list:
        """The headlines of the issue's articles this reader may open, in
        print order (the 标题导航), reused for readers who see what the public sees."""
        def load():
            articles = self.visible(Article.objects).filter(page__issue=issue).select_related("page__section")
            fields = ("pk", "headline", "kind", "position", "page__number", "page__section__name", "page__issue_id")
            return list(articles.only(*fields).in_print_order())

        headlines = self.shared(("headlines", issue.pk), load)
        for article in headlines:
            article.page.issue = issue
        return headlines

    def get_page_title(self) -> str:
        return ""

    def get_meta_description(self) -> str:
        return ""

    def get_og_type(self) -> str:
        return "website"

    def get_og_image(self) -> dict | None:
        """The link preview's picture: {"url", "width", "height", "alt"} (url absolute)."""
        return None

    def get_canonical_path(self) -> str:
        return self.request.path

    def get_feeds(self) -> list[dict]:
        """Feeds advertised with <link rel="alternate"> in the head."""
        return [
            {"title": "最新稿件 RSS", "type": "application/rss+xml", "url": reverse("articles:feed_rss")},
            {"title": "最新稿件 Atom", "type": "application/atom+xml", "url": reverse("articles:feed_atom")},
            *hooks.head_links(),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=self.get_page_title(),
            meta_description=self.get_meta_description(),
            canonical_url=self.request.build_absolute_uri(self.get_canonical_path()),
            og_type=self.get_og_type(),
            og_image=self.get_og_image(),
            feeds=self.get_feeds(),
            preview=self.preview,
            masthead_is_h1=self.masthead_is_h1,
        )
        if self.hook_name:
            context.update(hooks.extra_context(self.hook_name, self, context))
        return context

    def render_to_response(self, context, **response_kwargs):
        surrogates.add(*self.surrogate_keys)
        response = super().render_to_response(context, **response_kwargs)
        if self.preview:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response
