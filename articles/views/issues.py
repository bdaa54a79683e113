"""An issue page by page, and the archive of past issues."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from .. import display, surrogates
from ..models import Article, Issue, Teaser
from ..reuse import reused
from .mixins import ReaderMixin


class PageView(ReaderMixin, TemplateView):
    """One printed page (版) of an issue: its articles in print order, the
    front page's teasers, and the 版面导航 / 标题导航 of the issue."""

    hook_name = "page"

    def get_issue(self) -> Issue | None:
        issues = self.visible(Issue.objects, one=True).with_is_public(self.request.user)
        return get_object_or_404(issues, date=self.kwargs["date"])

    def get_page_number(self, pages) -> int:
        return self.kwargs["number"]

    def get(self, request, *args, **kwargs):
        self.issue = self.get_issue()
        if self.issue is not None:
            self.load_page()
        return super().get(request, *args, **kwargs)

    def load_page(self) -> None:
        self.pages = self.issue_pages(self.issue)
        number = self.get_page_number(self.pages)
        self.page = next((p for p in self.pages if p.number == number), None)
        if self.page is None:
            raise Http404("该期没有这一版")
        articles = self.visible(Article.objects).filter(page=self.page).for_reading()
        self.articles = list(articles.order_by("position", "pk"))
        self.preview = not self.issue.is_public or any(not a.is_public for a in self.articles)

    def get_template_names(self) -> list[str]:
        return ["articles/page.html"] if self.issue is not None else ["articles/no_issue.html"]

    def get_teasers(self) -> list[Teaser]:
        """This page's own 导读, each linked to its story when that is public."""
        return self.shared(("teasers", self.page.pk), self.load_teasers)

    def load_teasers(self) -> list[Teaser]:
        teasers = list(
            self.page.teasers.select_related(
                "target_page__section", "target_page__issue", "target_article__page__issue"
            )
            .annotate(target_visible=Exists(self.visible(Article.objects).filter(pk=OuterRef("target_article_id"))))
            .order_by("order", "pk")
        )
        for teaser in teasers:
            shows_article = teaser.target_article_id and teaser.target_visible
            teaser.url = (teaser.target_article if shows_article else teaser.target_page).get_absolute_url()
        return teasers

    def get_pointers(self) -> list[dict]:
        """What other pages say about this one: front-page teasers and photo stories."""
        return self.shared(("pointers", self.page.pk), self.load_pointers)

    def load_pointers(self) -> list[dict]:
        by_pk = {a.pk: a for a in self.articles}
        pointers = []
        for teaser in self.page.incoming_teasers.order_by("order", "pk"):
            article = by_pk.get(teaser.target_article_id)
            pointers.append({"lines": teaser.lines, "url": article.get_absolute_url() if article else ""})
        # As a subquery: SQLite otherwise walks every public article through
        # the public index, reading each wide row for its see_also_page.
        pointing_here = Article.objects.filter(see_also_page=self.page).values("pk")
        referring = (
            Article.objects.published()
            .filter(pk__in=pointing_here)
            .select_related("page__issue")
            .only("pk", "headline", "kind", "page__number", "page__issue__date")
            .order_by("position")
        )
        pointers += [
            {"lines": [a.headline], "url": a.get_absolute_url(), "kind": a.get_kind_display()} for a in referring
        ]
        return pointers

    def get_context_data(self, **kwargs):
        if self.issue is not None:
            index = self.pages.index(self.page)
            kwargs.update(
                issue=self.issue,
                page=self.page,
                pages=self.pages,
                articles=self.articles,
                teasers=self.get_teasers(),
                pointers=self.get_pointers(),
                previous_page=self.pages[index - 1] if index > 0 else None,
                next_page=self.pages[index + 1] if index + 1 < len(self.pages) else None,
            )
        return super().get_context_data(**kwargs)

    def get_page_title(self) -> str:
        if self.issue is None:
            return "尚未出版"
        return f"第{self.page.number:02d}版 {self.page.section.name} · {self.issue.date_line}"

    def get_meta_description(self) -> str:
        if self.issue is None:
            return ""
        text = f"{self.issue.date_line} 第{self.page.number:02d}版 {self.page.section.name}"
        headlines = "、".join(display.of(a).headline for a in self.articles[:6])
        return f"{text}：{headlines}" if headlines else text


class IssueView(PageView):
    """`/issues/2019-07-11/`: the issue's front page (its first page)."""

    masthead_is_h1 = True
    hook_name = "front"

    def get_page_number(self, pages) -> int:
        if not pages:
            raise Http404("该期还没有版面")
        return pages[0].number

    def get_page_title(self) -> str:
        if self.issue is None:
            return "尚未出版"
        return f"{self.issue.date_line} · 第{self.page.number:02d}版 {self.page.section.name}"


class HomeView(IssueView):
    """`/`: the latest published issue's front page; before the first issue,
    a page that says so rather than a 404."""

    surrogate_keys = (surrogates.HOME,)

    def get_issue(self) -> Issue | None:
        def load():
            # The EXISTS form: the newest issues are tested one by one and the
            # first public one ends the walk (the IN form reads every public article).
            return Issue.objects.published(one=True).with_is_public().latest_first().first()

        # The same for every reader: reused until a change (articles.reuse).
        return reused("latest_issue", load)


class ArchiveView(ReaderMixin, TemplateView):
    """往期回顾: one year's issues as month calendars, plus a plain list."""

    template_name = "articles/archive.html"
    surrogate_keys = (surrogates.ARCHIVE,)

    def get(self, request, *args, **kwargs):
        def load():
            return [d.year for d in Issue.objects.published().dates("date", "year", order="DESC")]

        # The same for every reader: reused until a change (articles.reuse). On
        # SQLite the years come from a Python function called per issue.
        self.years = reused("archive_years", load)
        self.year = kwargs.get("year") or (self.years[0] if self.years else None)
        if self.year is not None and self.year not in self.years:
            raise Http404("这一年没有已出版的报纸")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.update(year=self.year, years=self.years)
        return super().get_context_data(**kwargs)

    @cached_property
    def year_issues(self) -> dict:
        """The year's issues as a list (`issues`) and as month calendars
        (`months`), read by the template as `view.year_issues`: loaded only
        when its part of the page is not reused ({% reused %})."""
        published = Issue.objects.published().filter(date__year=self.year).only("pk", "date", "number")
        issues = list(published.order_by("date")) if self.year else []
        for issue in issues:
            issue.url = issue.get_absolute_url()  # reversed once for all (articles.links)
        by_date = {issue.date: issue for issue in issues}
        months = sorted({issue.date.month for issue in issues}, reverse=True)
        return {"issues": issues, "months": [self.month(self.year, month, by_date) for month in months]}

    @staticmethod
    def month(year: int, month: int, by_date: dict[dt.date, Issue]) -> dict:
        weeks = [
            [{"day": day.day, "issue": by_date.get(day)} if day.month == month else None for day in week]
            for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        ]
        return {"month": month, "weeks": weeks, "count": sum(1 for d in by_date if d.month == month)}

    def get_page_title(self) -> str:
        return f"往期回顾 · {self.year}年" if self.year else "往期回顾"

    def get_meta_description(self) -> str:
        return f"{self.year}年各期报纸，按月份排列。" if self.year else "往期报纸"
