"""Section, person and tag pages: published articles, newest first, paginated."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import ListView
from taggit.models import Tag

from ..models import Article, Byline, Person, Photo, Section
from .mixins import ReaderMixin


class ArticleListView(ReaderMixin, ListView):
    """Lists show only public articles, to staff too: previews are per article."""

    paginate_by = 20
    context_object_name = "articles"

    def articles(self):
        return Article.objects.published().with_listing_relations().newest_first()

    def get_canonical_path(self) -> str:
        page = self.request.GET.get("page")
        return f"{self.request.path}?page={page}" if page and page != "1" else self.request.path


class SectionView(ArticleListView):
    template_name = "articles/section.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section.objects.with_published_work(), slug=self.kwargs["slug"])
        return self.articles().filter(page__section=self.section)

    def get_context_data(self, **kwargs):
        kwargs["section"] = self.section
        return super().get_context_data(**kwargs)

    def get_page_title(self) -> str:
        return f"{self.section.name} · 栏目"

    def get_meta_description(self) -> str:
        return self.section.description or f"历期“{self.section.name}”版的稿件，按时间倒序。"

    def get_feeds(self) -> list[dict]:
        slug = {"slug": self.section.slug}
        return super().get_feeds() + [
            {
                "title": f"{self.section.name} RSS",
                "type": "application/rss+xml",
                "url": reverse("articles:section_feed_rss", kwargs=slug),
            },
            {
                "title": f"{self.section.name} Atom",
                "type": "application/atom+xml",
                "url": reverse("articles:section_feed_atom", kwargs=slug),
            },
        ]


def person_work(person_ref):
    """Articles `person_ref` wrote or photographed (a pk or an OuterRef)."""
    return Exists(Byline.objects.filter(article=OuterRef("pk"), person=person_ref)) | Exists(
        Photo.objects.filter(article=OuterRef("pk"), credit=person_ref)
    )


class PersonView(ArticleListView):
    template_name = "articles/person.html"

    def get_queryset(self):
        public = Article.objects.published()
        people = Person.objects.filter(
            Exists(public.filter(bylines__person=OuterRef("pk"))) | Exists(public.filter(photos__credit=OuterRef("pk")))
        )
        self.person = get_object_or_404(people, slug=self.kwargs["slug"])
        return self.articles().filter(person_work(self.person.pk))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(person=self.person, **kwargs)
        for article in context["articles"]:
            article.person_roles = self.roles(article)
        return context

    def roles(self, article: Article) -> list[str]:
        """The person's roles on this article, from the prefetched bylines and photos."""
        roles = [b.get_role_display() for b in article.bylines.all() if b.person_id == self.person.pk]
        if any(photo.credit_id == self.person.pk for photo in article.photos.all()):
            roles.append("摄影")
        return list(dict.fromkeys(roles))

    def get_page_title(self) -> str:
        return f"{self.person.name} · 作者"

    def get_meta_description(self) -> str:
        return self.person.bio or f"{self.person.name}采写、拍摄的稿件，按时间倒序。"


class TagView(ArticleListView):
    template_name = "articles/tag.html"

    def get_queryset(self):
        tags = Tag.objects.filter(Exists(Article.objects.published().filter(tags=OuterRef("pk"))))
        self.tag = get_object_or_404(tags, slug=self.kwargs["slug"])
        return self.articles().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        kwargs["tag"] = self.tag
        return super().get_context_data(**kwargs)

    def get_page_title(self) -> str:
        return f"{self.tag.name} · 标签"

    def get_meta_description(self) -> str:
        return f"标签“{self.tag.name}”下的稿件，按时间倒序。"
