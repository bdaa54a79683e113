"""The read API, version 1: published content only, for the paper's apps,
partners and syndication. Mounted at /api/v1/ (see urls.py)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import ValidationError
from pydantic import BeforeValidator, WithJsonSchema

from articles.models import Person, Publication
from articles.querysets import attach_tags

from . import queries
from .http import NOT_FOUND, set_last_modified
from .pagination import DEFAULT_LIMIT, MAX_LIMIT, Key, paginate
from .schemas import (
    ArticleList,
    ArticleOut,
    ChannelOut,
    ErrorOut,
    IssueDetail,
    IssueList,
    PageOut,
    PersonList,
    PersonOut,
    PublicationOut,
    RemovalList,
    SectionOut,
    TagList,
    TagOut,
    ValidationErrorOut,
    article_out,
    article_summary,
    channel_out,
    issue_out,
    page_ref,
    person_out,
    publication_out,
    section_out,
    tag_out,
    teaser_out,
)

DESCRIPTION = """\
济宁高新区报数字报的只读接口：只提供已发布的内容。草稿、待审、定时未到和已撤稿件不会出现，其编号一律答 404。

**分页**：列表用游标分页。每页最多 `limit` 条（默认 20，最多 100）；`next_cursor` 不为 null 时，
把它原样作为 `cursor` 参数取下一页（或直接请求 `next` 网址，响应头 `Link: rel="next"` 也给出它）。
游标记的是上一页最后一条的排序键，不是偏移量，所以翻页期间新发布的稿件不会让已取过的条目重复，也不会让未取的条目被跳过。

**排序**：稿件默认按见报顺序（期的日期从新到旧，同期按版次、版内顺序）；带 `updated_since` 时按
`modified`（公开内容最后变化的时间）从旧到新、同一时刻按 `id`。

**增量同步**：第一次用 `updated_since=1970-01-01T00:00:00Z` 取全部，翻到末页；记下见到的最大 `modified`，
下次以它为 `updated_since` 再取。边界上的稿件会再出现一次（按 `id` 覆盖即可），不会漏掉同一时刻更新的稿件。
为防提交延迟，可把 `updated_since` 往前留几分钟余量。撤下的稿件从列表中消失，其详情答 404；
`/articles/removed?since=` 列出上次同步以来撤下的稿件编号，据此删除本地副本。

**缓存**：每个响应带 `ETag` 和（可知时）`Last-Modified`；带 `If-None-Match` 或 `If-Modified-Since` 重新请求，未变则答 304、无正文。

**跨域**：设置 `NEWSROOM_API_CORS_ORIGINS` 中列出的来源可在浏览器里 GET 本接口。
"""

api = NinjaAPI(
    title="济宁高新区报开放接口",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([Zz]|[+-]\d{2}:?\d{2})?")


def _iso_date(value: object) -> object:
    """Only YYYY-MM-DD: pydantic alone would also take a number as a timestamp."""
    if isinstance(value, str) and not _DATE.fullmatch(value):
        raise ValueError("日期应形如 2019-07-11")
    return value


def _iso_datetime(value: object) -> object:
    """An ISO 8601 time, made aware (no zone: Beijing time) and checked to fit in UTC."""
    if not isinstance(value, str):
        return value
    parsed = parse_datetime(value) if _DATETIME.fullmatch(value) else None
    if parsed is None:
        raise ValueError("时刻应形如 2019-07-11T10:00:00+08:00（无时区的按北京时间）")
    try:
        return (timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed).astimezone(dt.UTC)
    except (OverflowError, ValueError):
        raise ValueError("时刻超出可表示的范围") from None


def _no_nul(value: object) -> object:
    """No slug holds NUL, and PostgreSQL refuses a query that does."""
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("不能含 NUL 字符")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
IsoDateTime = Annotated[dt.datetime, BeforeValidator(_iso_datetime)]
Slug = Annotated[str, BeforeValidator(_no_nul), WithJsonSchema({"type": "string", "pattern": "^[^\\u0000]*$"})]


class Filters(Schema):
    cursor: str | None = Field(None, description="上一页的 next_cursor")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="每页条数")


class DateRange(Filters):
    date_from: IsoDate | None = Field(None, description="期的日期不早于此日（含）")
    date_to: IsoDate | None = Field(None, description="期的日期不晚于此日（含）")


class ArticleFilters(DateRange):
    section: Slug | None = Field(None, description="栏目网址名，如 要闻")
    person: Slug | None = Field(None, description="人员网址名：署名或摄影")
    tag: Slug | None = Field(None, description="标签网址名")
    updated_since: IsoDateTime | None = Field(
        None, description="只要 modified 不早于此时刻的稿件，并按 modified 从旧到新排序；无时区的按北京时间"
    )


PRINT_ORDER = (
    Key("page__issue__date", descending=True, kind=dt.date),
    Key("page__number"),
    Key("position"),
    Key("id"),
)
SYNC_ORDER = (Key("modified", kind=dt.datetime), Key("id"))


def _check_range(filters: DateRange) -> None:
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise ValidationError(
            [{"type": "value_error", "loc": ["query", "date_to"], "msg": "date_to 早于 date_from：日期范围为空"}]
        )


def _page(request: HttpRequest, response: HttpResponse, page, items: list) -> dict:
    """A list response: items, the next cursor and its URL (also as a Link header)."""
    next_url = None
    if page.next_cursor:
        query = request.GET.copy()
        query["cursor"] = page.next_cursor
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        response["Link"] = f'<{next_url}>; rel="next"'
    return {"items": items, "next_cursor": page.next_cursor, "next": next_url}


def filtered_articles(filters: ArticleFilters):
    """The published articles `filters` select, and the sort key to page them by."""
    _check_range(filters)
    articles = queries.public_articles()
    if filters.date_from:
        articles = articles.filter(page__issue__date__gte=filters.date_from)
    if filters.date_to:
        articles = articles.filter(page__issue__date__lte=filters.date_to)
    if filters.section:
        articles = articles.filter(page__section__slug=filters.section)
    if filters.person:
        articles = articles.by_person(Person.objects.filter(slug=filters.person))
    if filters.tag:
        articles = articles.filter(tags__slug=filters.tag)
    keys = PRINT_ORDER
    if filters.updated_since:
        articles = articles.filter(modified__gte=filters.updated_since)
        keys = SYNC_ORDER
    return articles, keys


@api.get("/articles", response={200: ArticleList, 422: ValidationErrorOut}, tags=["稿件"], summary="稿件列表")
def list_articles(request: HttpRequest, response: HttpResponse, filters: Query[ArticleFilters]):
    """已发布的稿件，可按期的日期范围、栏目、人员、标签和修改时间筛选。"""
    articles, keys = filtered_articles(filters)
    page = paginate(articles, keys, cursor=filters.cursor, limit=filters.limit, load=queries.rows_of)
    attach_tags(page.items)
    set_last_modified(response, max((a.modified for a in page.items), default=None))
    return _page(request, response, page, [article_out(request, a) for a in page.items])


class RemovalFilters(Filters):
    since: IsoDateTime = Field(description="只要此时刻及以后撤下的；无时区的按北京时间")


@api.get("/articles/removed", response={200: RemovalList, 422: ValidationErrorOut}, tags=["稿件"], summary="撤下的稿件")
def list_removed(request: HttpRequest, response: HttpResponse, filters: Query[RemovalFilters]):
    """公开过、后来撤稿或退回的稿件编号，按撤下时间从旧到新：增量同步时据此删除本地副本。"""
    removals = queries.removals().filter(at__gte=filters.since)
    page = paginate(removals, (Key("at", kind=dt.datetime), Key("id")), cursor=filters.cursor, limit=filters.limit)
    return _page(request, response, page, [{"id": t.article_id, "removed_at": t.at} for t in page.items])


@api.get("/articles/{int:article_id}", response={200: ArticleOut, 404: ErrorOut, 422: ValidationErrorOut}, tags=["稿件"], summary="一篇稿件")
def get_article(request: HttpRequest, response: HttpResponse, article_id: int):
    article = get_object_or_404(queries.public_articles().with_relations(), pk=article_id)
    attach_tags([article])
    set_last_modified(response, article.modified)
    return article_out(request, article)


@api.get("/issues", response={200: IssueList, 422: ValidationErrorOut}, tags=["期与版面"], summary="期的列表")
def list_issues(request: HttpRequest, response: HttpResponse, filters: Query[DateRange]):
    """有已发布稿件的期，日期从新到旧，各带版面目录。"""
    _check_range(filters)
    issues = queries.public_issues()
    if filters.date_from:
        issues = issues.filter(date__gte=filters.date_from)
    if filters.date_to:
        issues = issues.filter(date__lte=filters.date_to)
    page = paginate(issues, (Key("date", descending=True, kind=dt.date),), cursor=filters.cursor, limit=filters.limit)
    return _page(request, response, page, [issue_out(request, issue) for issue in page.items])


@api.get("/issues/{date}", response={200: IssueDetail, 404: ErrorOut, 422: ValidationErrorOut}, tags=["期与版面"], summary="一期")
def get_issue(request: HttpRequest, date: IsoDate):
    """一期的各版及其已发布稿件的目录。"""
    issue = get_object_or_404(queries.public_issue_detail(), date=date)
    return {
        **issue_out(request, issue),
        "pages": [
            {**page_ref(request, page), "articles": [article_summary(request, a) for a in page.articles.all()]}
            for page in issue.pages.all()
        ],
    }


@api.get("/issues/{date}/pages/{int:number}", response={200: PageOut, 404: ErrorOut, 422: ValidationErrorOut}, tags=["期与版面"], summary="一个版面")
def get_page(request: HttpRequest, response: HttpResponse, date: IsoDate, number: int):
    """一个版面上已发布的稿件（全文）和导读。"""
    page = get_object_or_404(queries.public_pages(), issue__date=date, number=number)
    articles = attach_tags(
        list(queries.public_articles().filter(page=page).with_relations().order_by("position", "pk"))
    )
    set_last_modified(response, max((a.modified for a in articles), default=None))
    return {
        **page_ref(request, page),
        "articles": [article_out(request, a) for a in articles],
        "teasers": [teaser_out(teaser) for teaser in page.teasers.all()],
    }


@api.get("/sections", response=list[SectionOut], tags=["栏目、人员与标签"], summary="栏目列表")
def list_sections(request: HttpRequest):
    """有已发布稿件的栏目。"""
    return [section_out(request, section) for section in queries.public_sections().order_by("name")]


@api.get("/sections/{slug}", response={200: SectionOut, 404: ErrorOut, 422: ValidationErrorOut}, tags=["栏目、人员与标签"], summary="一个栏目")
def get_section(request: HttpRequest, slug: Slug):
    return section_out(request, get_object_or_404(queries.public_sections(), slug=slug))


@api.get("/people", response={200: PersonList, 422: ValidationErrorOut}, tags=["栏目、人员与标签"], summary="人员列表")
def list_people(request: HttpRequest, response: HttpResponse, filters: Query[Filters]):
    """有已发布稿件（署名或摄影）的人员，按网址名排序。"""
    page = paginate(queries.public_people(), (Key("slug", kind=str),), cursor=filters.cursor, limit=filters.limit)
    return _page(request, response, page, [person_out(request, person) for person in page.items])


@api.get("/people/{slug}", response={200: PersonOut, 404: ErrorOut, 422: ValidationErrorOut}, tags=["栏目、人员与标签"], summary="一位人员")
def get_person(request: HttpRequest, slug: Slug):
    return person_out(request, get_object_or_404(queries.public_people(), slug=slug))


@api.get("/tags", response={200: TagList, 422: ValidationErrorOut}, tags=["栏目、人员与标签"], summary="标签列表")
def list_tags(request: HttpRequest, response: HttpResponse, filters: Query[Filters]):
    """用在已发布稿件上的标签，按网址名排序。"""
    page = paginate(queries.public_tags(), (Key("slug", kind=str),), cursor=filters.cursor, limit=filters.limit)
    return _page(request, response, page, [tag_out(request, tag) for tag in page.items])


@api.get("/tags/{slug}", response={200: TagOut, 404: ErrorOut, 422: ValidationErrorOut}, tags=["栏目、人员与标签"], summary="一个标签")
def get_tag(request: HttpRequest, slug: Slug):
    return tag_out(request, get_object_or_404(queries.public_tags(), slug=slug))


@api.get("/channels", response=list[ChannelOut], tags=["报社"], summary="融媒矩阵")
def list_channels(request: HttpRequest):
    """报社的融媒渠道（电视、公众号、杂志、微博……），按报上的顺序。"""
    return [channel_out(request, channel) for channel in queries.active_channels()]


@api.get("/publication", response=PublicationOut, tags=["报社"], summary="报社信息与新闻热线")
def get_publication(request: HttpRequest, response: HttpResponse):
    publication = Publication.load()
    set_last_modified(response, publication.updated_at)
    return publication_out(request, publication, queries.active_channels())


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": NOT_FOUND}, status=404)



# The interchange formats (ninjs, NewsML-G2) use the filters and paging above.
from .interchange import router as interchange_router  # noqa: E402

api.add_router("", interchange_router)
