"""What the API answers, as pydantic schemas (the OpenAPI document is made
from these), and the functions that fill them from model instances.

Text fields carry display text: half-width , ( ) : between Chinese characters
become full-width, as on the reader site; the archive keeps its source text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

from django.http import HttpRequest
from django.urls import reverse
from pydantic import BaseModel, Field

from articles.models import Article, Issue, MediaChannel, Page, Person, Photo, Publication, Section, Teaser
from articles.templatetags.reader import printed_dateline, split_paragraphs, to_fullwidth


class Schema(BaseModel):
    """Plain pydantic for answers: ninja's Schema would wrap every nested dict
    to read ORM objects, a third of a 100-article list's time; we pass dicts."""


class SectionRef(Schema):
    name: str
    slug: str


class SectionOut(SectionRef):
    description: str
    url: str = Field(description="读者网站上的栏目页")


class PersonOut(Schema):
    name: str
    slug: str
    bio: str
    url: str


class TagOut(Schema):
    name: str
    slug: str
    url: str


class BylineOut(Schema):
    name: str
    slug: str
    role: str = Field(description="角色：记者、通讯员、实习生……")
    printed_role: str = Field(description="报上印的称谓，如“本报记者”")
    url: str


class CreditOut(Schema):
    name: str
    slug: str
    role: str = Field(description="摄影者身份，如“本报记者”")
    url: str


class RenditionOut(Schema):
    width: int
    height: int
    format: str
    url: str


class PhotoOut(Schema):
    caption: str
    credit: CreditOut | None
    credit_line: str = Field(description="如印：本报记者 孔茜 摄")
    alt_text: str
    width: int | None
    height: int | None
    url: str | None = Field(description="原图；扫描图尚未上传时为 null")
    renditions: list[RenditionOut]


class DatelineOut(Schema):
    place: str
    date: dt.date | None
    text: str = Field(description="如印：本报济宁7月11日讯（记者 邓超）")


class ParagraphOut(Schema):
    kind: Literal["paragraph", "subhead"]
    text: str


class PageRef(Schema):
    issue_date: dt.date
    number: int
    label: str = Field(description="如印：02 要闻")
    section: SectionRef
    url: str


class ArticleOut(Schema):
    id: int
    kind: Literal["story", "photo"]
    kicker: str
    headline: str
    deck: str
    dateline: DatelineOut | None
    byline: list[BylineOut]
    body: list[ParagraphOut]
    photos: list[PhotoOut]
    tags: list[TagOut]
    section: SectionRef
    page: PageRef
    see_also_page: PageRef | None = Field(description="图片新闻或转版稿件指向的版面")
    is_lead: bool
    position: int
    url: str = Field(description="读者网站上的规范网址")
    published_at: dt.datetime
    modified: dt.datetime = Field(description="公开内容最后一次变化的时间（更新或定时发布生效），updated_since 按它筛选")


class ArticleList(Schema):
    items: list[ArticleOut]
    next_cursor: str | None = Field(description="下一页的 cursor 参数；null 表示已到末页")
    next: str | None = Field(description="下一页的完整网址")


class RemovalOut(Schema):
    id: int = Field(description="不再公开的稿件编号")
    removed_at: dt.datetime


class RemovalList(Schema):
    items: list[RemovalOut]
    next_cursor: str | None
    next: str | None


class ArticleSummary(Schema):
    id: int
    kind: Literal["story", "photo"]
    kicker: str
    headline: str
    deck: str
    is_lead: bool
    url: str


class TeaserOut(Schema):
    title: str
    lines: list[str] = Field(description="印刷时的分行，第一行是引题样式")
    target_page: int
    target_article_id: int | None


class PageSummary(PageRef):
    articles: list[ArticleSummary]


class PageOut(PageRef):
    articles: list[ArticleOut]
    teasers: list[TeaserOut]


class IssueOut(Schema):
    date: dt.date
    number: int | None
    date_line: str = Field(description="如印：2019年7月11日 星期四")
    url: str
    pages: list[PageRef]


class IssueList(Schema):
    items: list[IssueOut]
    next_cursor: str | None
    next: str | None


class IssueDetail(IssueOut):
    pages: list[PageSummary]


class PersonList(Schema):
    items: list[PersonOut]
    next_cursor: str | None
    next: str | None


class TagList(Schema):
    items: list[TagOut]
    next_cursor: str | None
    next: str | None


class ChannelOut(Schema):
    name: str
    label: str = Field(description="如印：《蓼河先声》微信公众号")
    kind: str
    kind_display: str
    handle: str
    call_to_action: str
    qr_image: str | None


class PublicationOut(Schema):
    name: str
    slogan: str
    hotline_label: str
    hotline: str
    matrix_title: str
    channels: list[ChannelOut]
    url: str


class ErrorOut(Schema):
    detail: str


class InvalidParam(Schema):
    type: str
    loc: list[str | int] = Field(description="出错的位置，如 [\"query\", \"date_from\"]")
    msg: str


class ValidationErrorOut(Schema):
    detail: list[InvalidParam]


# Builders: instances (with their relations already loaded) -> dicts.


def _abs(request: HttpRequest, url: str) -> str:
    return request.build_absolute_uri(url)


def url_of(request: HttpRequest, obj, path: Callable[[], str] | None = None) -> str:
    """The absolute URL of a page, person, section or tag (`path` makes it
    where the model has no get_absolute_url), reversed once per request: a
    list of a hundred articles names the same few again and again."""
    cache = request.__dict__.setdefault("_api_urls", {})
    key = (type(obj), obj.pk)
    if key not in cache:
        cache[key] = _abs(request, path() if path else obj.get_absolute_url())
    return cache[key]


def section_ref(section: Section) -> dict:
    return {"name": section.name, "slug": section.slug}


def section_out(request: HttpRequest, section: Section) -> dict:
    return {**section_ref(section), "description": section.description, "url": url_of(request, section)}


def person_out(request: HttpRequest, person: Person) -> dict:
    return {"name": person.name, "slug": person.slug, "bio": person.bio, "url": url_of(request, person)}


def tag_out(request: HttpRequest, tag) -> dict:
    url = url_of(request, tag, lambda: reverse("articles:tag", kwargs={"slug": tag.slug}))
    return {"name": tag.name, "slug": tag.slug, "url": url}


def page_ref(request: HttpRequest, page: Page) -> dict:
    return {
        "issue_date": page.issue.date,
        "number": page.number,
        "label": page.label,
        "section": section_ref(page.section),
        "url": url_of(request, page),
    }


def largest_photo_file(photo: Photo):
    """The photo's largest rendition's file, else its original, else None."""
    renditions = sorted(photo.renditions.all(), key=lambda r: r.width)
    if renditions:
        return renditions[-1].file
    return photo.image or None


def photo_url(photo: Photo) -> str:
    """The photo's largest rendition, else its original, else "" (a relative URL)."""
    stored = largest_photo_file(photo)
    return stored.url if stored else ""


def photo_out(request: HttpRequest, photo: Photo) -> dict:
    credit = None
    if photo.credit is not None:
        credit = {
            "name": photo.credit.name,
            "slug": photo.credit.slug,
            "role": photo.credit_role,
            "url": url_of(request, photo.credit),
        }
    return {
        "caption": to_fullwidth(photo.caption),
        "credit": credit,
        "credit_line": photo.credit_line,
        "alt_text": photo.alt_text,
        "width": photo.width,
        "height": photo.height,
        "url": _abs(request, photo.image.url) if photo.image else None,
        "renditions": [
            {"width": r.width, "height": r.height, "format": r.format, "url": _abs(request, r.file.url)}
            for r in photo.renditions.all()
        ],
    }


def paragraphs(article: Article) -> list[dict]:
    out = []
    for paragraph in split_paragraphs(article.body):
        if paragraph.startswith("## "):
            out.append({"kind": "subhead", "text": to_fullwidth(paragraph[3:].strip())})
        else:
            out.append({"kind": "paragraph", "text": to_fullwidth(paragraph)})
    return out


def dateline_out(article: Article) -> dict | None:
    text = printed_dateline(article)
    if not text:
        return None
    return {"place": article.dateline_place, "date": article.dateline_date, "text": to_fullwidth(text)}


def article_summary(request: HttpRequest, article: Article) -> dict:
    return {
        "id": article.pk,
        "kind": article.kind,
        "kicker": to_fullwidth(article.kicker),
        "headline": to_fullwidth(article.headline),
        "deck": to_fullwidth(article.deck),
        "is_lead": article.is_lead,
        "url": _abs(request, article.get_absolute_url()),
    }


def article_out(request: HttpRequest, article: Article) -> dict:
    """The full article; `article.tag_list` set by articles.querysets.attach_tags."""
    bylines = list(article.byline_list)
    return {
        **article_summary(request, article),
        "dateline": dateline_out(article),
        "byline": [
            {
                "name": b.person.name,
                "slug": b.person.slug,
                "role": b.role,
                "printed_role": b.printed_role or b.role,
                "url": url_of(request, b.person),
            }
            for b in bylines
        ],
        "body": paragraphs(article),
        "photos": [photo_out(request, photo) for photo in article.photo_list],
        "tags": [tag_out(request, tag) for tag in article.tag_list],
        "section": section_ref(article.page.section),
        "page": page_ref(request, article.page),
        "see_also_page": page_ref(request, article.see_also_page) if article.see_also_page else None,
        "position": article.position,
        "published_at": article.published_at,
        "modified": article.modified,
    }


def teaser_out(teaser: Teaser) -> dict:
    title = to_fullwidth(teaser.title)
    return {
        "title": title,
        "lines": title.split(" "),
        "target_page": teaser.target_page.number,
        "target_article_id": teaser.target_article_id if teaser.target_is_public else None,
    }


def issue_out(request: HttpRequest, issue: Issue) -> dict:
    return {
        "date": issue.date,
        "number": issue.number,
        "date_line": issue.date_line,
        "url": _abs(request, issue.get_absolute_url()),
        "pages": [page_ref(request, page) for page in issue.pages.all()],
    }


def channel_out(request: HttpRequest, channel: MediaChannel) -> dict:
    return {
        "name": channel.name,
        "label": channel.label,
        "kind": channel.kind,
        "kind_display": channel.get_kind_display(),
        "handle": channel.handle,
        "call_to_action": channel.call_to_action,
        "qr_image": _abs(request, channel.qr_image.url) if channel.qr_image else None,
    }


def publication_out(request: HttpRequest, publication: Publication, channels) -> dict:
    return {
        "name": publication.name,
        "slogan": publication.slogan,
        "hotline_label": publication.hotline_label,
        "hotline": publication.hotline,
        "matrix_title": publication.matrix_title,
        "channels": [channel_out(request, channel) for channel in channels],
        "url": _abs(request, publication.get_absolute_url()),
    }

