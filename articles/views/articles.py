"""An article at its stable URL under its issue and page."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import DetailView

from ..models import Article
from ..templatetags.reader import printed_dateline, summary, to_fullwidth
from .mixins import ReaderMixin


class ArticleView(ReaderMixin, DetailView):
    template_name = "articles/article.html"
    context_object_name = "article"
    hook_name = "article"

    def get_queryset(self):
        return self.visible(Article.objects).with_relations().prefetch_related("tags", "corrections")

    def get(self, request, *args, **kwargs):
        self.object = article = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        if article.page is None:
            raise Http404("稿件尚未排版")
        if (article.page.issue.date, article.page.number) != (kwargs["date"], kwargs["number"]):
            # An old or mistyped issue/page in the URL: send readers to the one true address.
            return redirect(article.get_absolute_url(), permanent=True)
        self.preview = not article.is_public
        return self.render_to_response(self.get_context_data(object=article))

    def get_context_data(self, **kwargs):
        article = self.object
        issue = article.page.issue
        pages = list(issue.pages.select_related("section").order_by("number"))
        for page in pages:
            page.issue = issue
        in_issue = list(
            self.visible(Article.objects)
            .filter(page__issue=issue)
            .select_related("page__section")
            .only("pk", "headline", "kind", "position", "page__number", "page__section__name", "page__issue_id")
            .in_print_order()
        )
        for other in in_issue:
            other.page.issue = issue
        index = next(i for i, a in enumerate(in_issue) if a.pk == article.pk)
        kwargs.update(
            issue=issue,
            page=article.page,
            pages=pages,
            dateline=printed_dateline(article),
            page_articles=[a for a in in_issue if a.page_id == article.page_id],
            previous_article=in_issue[index - 1] if index > 0 else None,
            next_article=in_issue[index + 1] if index + 1 < len(in_issue) else None,
            jsonld=self.jsonld(article),
        )
        return super().get_context_data(**kwargs)

    def get_page_title(self) -> str:
        return f"{to_fullwidth(self.object.headline)} · {self.object.page.issue.date_line}"

    def get_meta_description(self) -> str:
        return summary(self.object, 120)

    def get_og_type(self) -> str:
        return "article"

    def get_og_image(self) -> str:
        image = next((p.image for p in self.object.photos.all() if p.image), None)
        return self.request.build_absolute_uri(image.url) if image else ""

    def jsonld(self, article: Article) -> dict:
        """schema.org NewsArticle, for search engines and link previews."""
        absolute = self.request.build_absolute_uri
        people = [b.person for b in article.bylines.all()] + [p.credit for p in article.photos.all() if p.credit]
        authors = list({person.pk: person for person in people}.values())
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": to_fullwidth(article.headline)[:110],
            "mainEntityOfPage": absolute(article.get_absolute_url()),
            "articleSection": article.page.section.name,
            "inLanguage": "zh-Hans",
            "dateModified": article.updated_at.isoformat(),
            # The template adds the publisher's name from the `publication` it already has.
            "publisher": {"@type": "NewsMediaOrganization", "url": absolute(reverse("articles:home"))},
        }
        if authors:
            data["author"] = [
                {"@type": "Person", "name": person.name, "url": absolute(person.get_absolute_url())}
                for person in authors
            ]
        if article.published_at:
            data["datePublished"] = article.published_at.isoformat()
        if article.deck:
            data["alternativeHeadline"] = to_fullwidth(article.deck)
        images = [absolute(photo.image.url) for photo in article.photos.all() if photo.image]
        if images:
            data["image"] = images
        return data
