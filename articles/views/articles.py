"""An article at its stable URL under its issue and page."""

from __future__ import annotations

from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import DetailView

from .. import display
from ..models import Article, Rendition
from ..services import share_cards
from ..templatetags.reader import summary
from .mixins import ReaderMixin


class ArticleView(ReaderMixin, DetailView):
    template_name = "articles/article.html"
    context_object_name = "article"
    hook_name = "article"

    def get_queryset(self):
        # Of a story that jumps pages (转版) only the ids of the parts before
        # and after: most stories have neither, and joining both parts' whole
        # rows (with their pages and issues) doubled the cost of building the
        # query, which every article paid.
        return (
            self.visible(Article.objects)
            .for_reading()
            .annotate(head_id=F("continued_from__id"))
            .prefetch_related("tags", "corrections")
        )

    def get(self, request, *args, **kwargs):
        self.object = article = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        if article.page is None:
            raise Http404("稿件尚未排版")
        if (article.page.issue.date, article.page.number) != (kwargs["date"], kwargs["number"]):
            # An old or mistyped issue/page in the URL: send readers to the one true address.
            return redirect(article.get_absolute_url(), permanent=True)
        if article.head_id is not None:
            head = self.visible(Article.objects).filter(pk=article.head_id).select_related("page__issue").first()
            if head is not None:
                # A continuation (上接第N版) is read within the whole story, at its first part.
                return redirect(f"{head.get_absolute_url()}#part-{article.pk}")
        self.preview = not article.is_public
        return self.render_to_response(self.get_context_data(object=article))

    def continuations(self, article: Article) -> list[Article]:
        """The later parts of a story that jumps pages, in order, as this
        reader may see them; none (and no query) for a story on one page."""
        chain, part_id = [], article.continues_id
        while part_id is not None and part_id not in chain and len(chain) < 10:
            chain.append(part_id)
            part_id = Article.objects.filter(pk=part_id).values_list("continues_id", flat=True).first()
        visible = self.visible(Article.objects).filter(pk__in=chain).select_related("page") if chain else []
        by_pk = {p.pk: p for p in visible}
        return [by_pk[pk] for pk in chain if pk in by_pk]

    def get_context_data(self, **kwargs):
        article = self.object
        issue = article.page.issue
        pages = self.issue_pages(issue)
        in_issue = self.issue_headlines(issue)
        index = next(i for i, a in enumerate(in_issue) if a.pk == article.pk)
        kwargs.update(
            issue=issue,
            page=article.page,
            pages=pages,
            shown=display.of(article),
            dateline=display.of(article).dateline,
            page_articles=[a for a in in_issue if a.page_id == article.page_id],
            previous_article=in_issue[index - 1] if index > 0 else None,
            next_article=in_issue[index + 1] if index + 1 < len(in_issue) else None,
            jsonld=self.jsonld(article),
            parts=self.continuations(article),
        )
        return super().get_context_data(**kwargs)

    def get_page_title(self) -> str:
        return f"{display.of(self.object).headline} · {self.object.page.issue.date_line}"

    def get_meta_description(self) -> str:
        return summary(self.object, 120)

    def get_og_type(self) -> str:
        return "article"

    def get_og_image(self) -> dict | None:
        """The first photo (a JPEG or PNG rendition up to 1200 px wide, which
        every preview reads), else the article's share card."""
        article = self.object
        absolute = self.request.build_absolute_uri
        photo = next((p for p in article.photo_list if p.image), None)
        if photo is not None:
            alt = photo.alt_text or photo.caption[:150]
            share = display.of(article).photo(photo)["share"]
            if share:
                name, width, height = share
                url = Rendition._meta.get_field("file").url_of(name)
                return {"url": absolute(url), "width": width, "height": height, "alt": alt}
            return {"url": absolute(photo.image.url), "width": photo.width, "height": photo.height, "alt": alt}
        if article.share_card:
            width, height = share_cards.SIZE
            alt = f"{display.of(article).headline}（{article.page.issue.date_line} 第{article.page.number:02d}版）"
            return {"url": absolute(article.share_card.url), "width": width, "height": height, "alt": alt}
        return None

    def jsonld(self, article: Article) -> dict:
        """schema.org NewsArticle, for search engines and link previews."""
        absolute = self.request.build_absolute_uri
        people = [b.person for b in article.byline_list] + [p.credit for p in article.photo_list if p.credit]
        authors = list({person.pk: person for person in people}.values())
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": display.of(article).headline[:110],
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
            data["alternativeHeadline"] = display.of(article).deck
        images = [absolute(photo.image.url) for photo in article.photo_list if photo.image]
        if images:
            data["image"] = images
        return data
