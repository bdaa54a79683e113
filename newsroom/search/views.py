"""/search/?q=…: the reader's search, with filters, a count and pages."""

from __future__ import annotations

from django.views.generic import ListView

from articles import surrogates
from articles.models import Article, Section
from articles.querysets import attach_bylines_and_photos
from articles.views.mixins import ReaderMixin

from .documents import other_pieces
from .engine import RESULT_LIMIT, SearchResults, search
from .forms import SearchForm
from .text import first_match, highlight, snippet


RESULT_FIELDS = (
    "kicker", "headline", "deck", "body",
    "page__number", "page__issue__date", "page__section__name", "page__section__slug",
)  # fmt: skip


class SearchView(ReaderMixin, ListView):
    """Public articles only, to staff too: a preview belongs on the article's page.

    Without a query, or with one that cannot be searched, the page shows the
    form with what to fix, never an error page.
    """

    template_name = "search/results.html"
    surrogate_keys = (surrogates.SEARCH,)
    context_object_name = "results"
    paginate_by = 20

    def get_queryset(self):
        sections = self.shared(("search", "sections"), lambda: list(Section.objects.with_published_work()))
        self.form = SearchForm(self.request.GET or None, sections=sections)
        self.query = None
        if not self.form.is_valid():
            return Article.objects.none()
        self.query = self.form.cleaned_data["q"]
        return search(self.query, **self.form.filters())

    def paginate_queryset(self, queryset, page_size):
        # A page number past the end (an old link, a typo) shows the last page.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        ids = list(page.object_list)
        # What a result shows and its snippet is cut from; bylines and photos
        # only where the snippet needs them (get_context_data). Whole rows
        # (the prepared pieces, the stamps) cost half the results' load.
        articles = Article.objects.filter(pk__in=ids).select_related("page__issue", "page__section").only(*RESULT_FIELDS)
        by_id = {article.pk: article for article in articles}
        page.object_list = [by_id[pk] for pk in ids if pk in by_id]
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        kwargs["more_than_limit"] = isinstance(self.object_list, SearchResults) and self.object_list.more_than_limit
        context = super().get_context_data(**kwargs)
        results = list(context["results"])
        if self.query is not None:
            terms = self.query.terms
            # The snippet is cut from the first piece with a match, the body
            # first: mostly the body, so captions and names (a query) are
            # read only for the articles whose body has no match.
            in_body = {article.pk: first_match([article.body], terms) for article in results}
            attach_bylines_and_photos([a for a in results if in_body[a.pk] is None])
            for article in results:
                article.search_headline = highlight(article.headline, terms)
                article.search_snippet = in_body[article.pk] or snippet(
                    [*other_pieces(article), article.deck, article.kicker], terms
                )
        context.update(results=results, form=self.form, query=self.query, result_limit=RESULT_LIMIT)
        return context

    def get_page_title(self) -> str:
        return f"“{self.query.raw}”的搜索结果" if self.query else "搜索"

    def get_meta_description(self) -> str:
        what = "按字词查找历期稿件的标题、正文、作者和图片说明，可按出版日期、栏目和作者筛选。"
        return f"“{self.query.raw}”的搜索结果。{what}" if self.query else f"搜索数字报：{what}"
