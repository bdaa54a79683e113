"""The project's URLs: the reader site (articles) at the root, the admin, and
each installed capability app's own URLs. An app removed from INSTALLED_APPS
takes its URLs with it; no two apps serve the same path."""

from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from newsroom.ops import views as ops_views


def _app_urls(app: str, *routes: tuple[str, str]) -> list:
    """`(prefix, urlconf)` routes of `app`, or none when it is not installed
    (its urlconf is then never imported: its models would not load)."""
    return [path(prefix, include(urlconf)) for prefix, urlconf in routes] if apps.is_installed(app) else []


urlpatterns = [
    # Before admin/: the admin's catch-all would answer these with its own 404.
    *_app_urls(
        "newsroom.api",
        (f"{settings.ADMIN_URL}wechat/", "newsroom.api.admin_urls"),
        (f"{settings.ADMIN_URL}ninjs/", "newsroom.api.ninjs_admin_urls"),
    ),
    *_app_urls("newsroom.planning", (f"{settings.ADMIN_URL}planning/", "newsroom.planning.urls")),
    # Only with the desk installed: without it the article form is the plain one.
    *_app_urls("newsroom.desk", (f"{settings.ADMIN_URL}desk/", "newsroom.desk.urls")),
    # ADMIN_URL: the admin's address is configurable (newsroom.settings.base).
    path(settings.ADMIN_URL, admin.site.urls),
    # For load balancer probes; exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT).
    path("healthz", ops_views.healthz, name="healthz"),
    *_app_urls("newsroom.search", ("search/", "newsroom.search.urls")),
    *_app_urls("newsroom.api", ("api/v1/", "newsroom.api.urls"), ("", "newsroom.api.feed_urls")),
    # The 数字报's PDFs and zone stylesheet; its page and article views are the reader site's.
    *_app_urls("newsroom.epaper", ("", "newsroom.epaper.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
