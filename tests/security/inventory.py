"""Every URL pattern of the site, classified by who may fetch it.

- PUBLIC: public-by-policy — anyone may ask, and the answer is what
  `articles.policy` lets the requester see (tests/security/test_access_matrix.py
  requests each one as every role and article state).
- STAFF: staff-by-permission — the admin and the newsroom's tools; anonymous
  readers are sent to the login page, staff get what their permissions allow.
- STATIC: public-static — the same for everyone, showing no content that a
  policy guards (robots.txt, the API's schema, the login form, the health probe).

A pattern is named `namespace:name`, or by its route when it has no name.
A new URL fails tests/security/test_endpoint_inventory.py until it is listed here.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC, STAFF, STATIC = "public-by-policy", "staff-by-permission", "public-static"

# Each ModelAdmin's standard pages, and the extra views some of them add.
_ADMIN_MODELS = {
    "auth_group": (),
    "auth_user": ("password_change",),
    "taggit_tag": ("merge_tags",),
    "axes_accessattempt": (),
    "axes_accesslog": (),
    "axes_accessfailurelog": (),
    "articles_photo": (),
    "articles_mediachannel": (),
    "articles_publication": (),
    "articles_importrun": ("upload",),
    "articles_change": (),
    "articles_issue": (),
    "articles_page": (),
    "articles_section": (),
    "articles_teaser": (),
    "articles_sourcefile": (),
    "articles_person": (),
    "articles_article": ("workflow", "diff", "restore", "recoverlist", "recover", "revision"),
    "planning_plannedstory": (),
    "planning_planchange": (),
    "epaper_pagescan": ("issues", "issue"),
    "epaper_issuepdf": (),
}
_ADMIN_VIEWS = ("changelist", "add", "history", "delete", "change")

INVENTORY: dict[str, str] = {
    # The admin site's own pages (signing in and out is open to all).
    "admin:login": STATIC,
    "admin:logout": STATIC,
    **{
        f"admin:{name}": STAFF
        for name in ("index", "password_change", "password_change_done", "autocomplete", "jsi18n", "view_on_site", "app_list")
    },
    **{f"admin:{model}_{view}": STAFF for model, extra in _ADMIN_MODELS.items() for view in (*_ADMIN_VIEWS, *extra)},
    # Django's unnamed admin patterns: the old change address, and the catch-all.
    **{f"{settings.ADMIN_URL}{model.replace('_', '/', 1)}/<path:object_id>/": STAFF for model in _ADMIN_MODELS},
    f"{settings.ADMIN_URL}(?P<url>.*)$": STAFF,
    # Copy for WeChat (newsroom.api) and the planning board, under the admin.
    "wechat:preview": STAFF,
    "wechat:download": STAFF,
    # The editor's desk (newsroom.desk): autosave, presence and the preview of
    # the unsaved form, under the admin; each asks may-edit of the article.
    **{f"desk:{name}": STAFF for name in ("autosave", "discard", "heartbeat", "leave", "preview")},
    # Importing ninjs documents (newsroom.api), under the admin.
    "ninjs_import:upload": STAFF,
    **{
        f"planning:{name}": STAFF
        for name in (
            "issues", "plan_issue", "board", "add_story", "changes", "publish",
            "edit_story", "move_story", "drop_story", "restore_story", "start_writing",
        )
    },
    # The reader site (articles) and the 数字报's print files.
    **{
        f"articles:{name}": PUBLIC
        for name in (
            "home", "archive", "archive_year", "issue", "page", "article", "section", "section_feed_rss",
            "section_feed_atom", "person", "tag", "feed_rss", "feed_atom", "sitemap_section", "sitemap_news",
            "photo_file",
        )
    },
    "articles:sitemap": STATIC,
    "articles:robots": STATIC,
    **{f"epaper:{name}": PUBLIC for name in ("issue_pdf", "page_pdf", "scan_image")},
    "search:search": PUBLIC,
    # The read API and the JSON feeds.
    **{
        f"api:{name}": PUBLIC
        for name in (
            "list_articles", "list_removed", "get_article", "list_issues", "get_issue", "get_page", "list_sections",
            "get_section", "list_people", "get_person", "list_tags", "get_tag", "list_channels", "get_publication",
            "list_articles_ninjs", "get_article_ninjs", "get_article_newsml", "get_issue_newsml",
        )
    },
    **{f"api:{name}": STATIC for name in ("openapi-json", "openapi-view", "api-root", "not_found")},
    "api_feeds:latest": PUBLIC,
    "api_feeds:section": PUBLIC,
    "healthz": STATIC,
}


def url_patterns(patterns=None, prefix: str = "", namespace: str = ""):
    """(key, route, pattern) for every pattern of the URLconf, recursively."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            yield (f"{namespace}{pattern.name}" if pattern.name else route), route, pattern
