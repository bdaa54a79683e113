"""The API's operations in the news industry's interchange formats: IPTC
ninjs (JSON) and NewsML-G2 (XML). Published content only, as everywhere in
the API; a router added to the API in api.py."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query
from ninja import Router
from ninja import Schema as QuerySchema

from articles.models import Publication
from articles.querysets import attach_tags

from . import newsml, ninjs, queries
from .api import ArticleFilters, IsoDate, _page, filtered_articles
from .http import set_last_modified
from .pagination import paginate
from .schemas import ErrorOut, Schema, ValidationErrorOut

router = Router(tags=["交换格式（IPTC）"])

VERSION_DESCRIPTION = "ninjs 版本：3.1（默认）或 2.2"


class NinjsVersion(QuerySchema):
    version: Literal["3.1", "2.2"] = Field(ninjs.DEFAULT_VERSION, description=VERSION_DESCRIPTION)


class NinjsArticleFilters(ArticleFilters):
    version: Literal["3.1", "2.2"] = Field(ninjs.DEFAULT_VERSION, description=VERSION_DESCRIPTION)


class NinjsList(Schema):
    items: list[dict[str, Any]] = Field(description="每篇稿件一个 ninjs 文档")
    next_cursor: str | None
    next: str | None


def _public_article(article_id: int):
    """A published article with everything its documents show (404 otherwise)."""
    article = get_object_or_404(ninjs.with_ninjs_relations(queries.public_articles()), pk=article_id)
    attach_tags([article])
    return article


def _xml_response(body: bytes) -> HttpResponse:
    return HttpResponse(body, content_type=f"{newsml.CONTENT_TYPE}; charset=utf-8")


def _xml_openapi(summary: str) -> dict:
    """The OpenAPI description of an XML answer (ninja describes JSON only)."""
    return {
        "responses": {
            "200": {"description": summary, "content": {newsml.CONTENT_TYPE: {"schema": {"type": "string"}}}},
        }
    }


@router.get(
    "/articles/ninjs",
    response={200: NinjsList, 422: ValidationErrorOut},
    summary="稿件列表（ninjs）",
)
def list_articles_ninjs(request: HttpRequest, response: HttpResponse, filters: Query[NinjsArticleFilters]):
    """与稿件列表相同的筛选和游标分页，每篇稿件是一个 IPTC ninjs 文档。"""
    articles, keys = filtered_articles(filters)
    page = paginate(ninjs.with_ninjs_relations(articles), keys, cursor=filters.cursor, limit=filters.limit)
    attach_tags(page.items)
    set_last_modified(response, max((a.modified for a in page.items), default=None))
    publication = Publication.load()
    items = [ninjs.to_ninjs(request, a, version=filters.version, publication=publication) for a in page.items]
    return _page(request, response, page, items)


@router.get(
    "/articles/{int:article_id}/ninjs",
    response={200: dict[str, Any], 404: ErrorOut, 422: ValidationErrorOut},
    summary="一篇稿件（ninjs）",
)
def get_article_ninjs(request: HttpRequest, response: HttpResponse, article_id: int, options: Query[NinjsVersion]):
    """一篇已发布的稿件，IPTC ninjs 3.1（或 `version=2.2`）。"""
    article = _public_article(article_id)
    set_last_modified(response, article.modified)
    return ninjs.to_ninjs(request, article, version=options.version)


@router.get(
    "/articles/{int:article_id}/newsml",
    response={404: ErrorOut, 422: ValidationErrorOut},
    openapi_extra=_xml_openapi("newsMessage：稿件的文字 newsItem 和每张图片的 newsItem"),
    summary="一篇稿件（NewsML-G2）",
)
def get_article_newsml(request: HttpRequest, article_id: int):
    """一篇已发布的稿件，IPTC NewsML-G2 2.35 的 newsMessage。"""
    article = _public_article(article_id)
    response = _xml_response(newsml.article_message(request, article))
    set_last_modified(response, article.modified)
    return response


@router.get(
    "/issues/{date}/newsml",
    response={404: ErrorOut, 422: ValidationErrorOut},
    openapi_extra=_xml_openapi("newsMessage：整期报纸的 packageItem，各版按版次成组"),
    summary="一期（NewsML-G2）",
)
def get_issue_newsml(request: HttpRequest, date: IsoDate):
    """一期报纸，IPTC NewsML-G2 2.35 的 packageItem：各版按版次为组，组内是该版已发布稿件的引用。"""
    issue = get_object_or_404(queries.public_issue_detail(), date=date)
    return _xml_response(newsml.issue_message(request, issue))
