"""The project's URLs: the reader site (articles) at the root, the admin, and
each installed capability app's own URLs. An app removed from INSTALLED_APPS
takes its URLs with it; no two apps serve the same path."""

from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from newsroom.ops import views as ops_views


def _if_installed(app: str, *patterns) -> list:
    return list(patterns) if apps.is_installed(app) else []


urlpatterns = [
    # Before admin/: the admin's catch-all would answer these with its own 404.
    *_if_installed("newsroom.api", path(f"{settings.ADMIN_URL}wechat/", include("newsroom.api.admin_urls"))),
    *_if_installed("newsroom.planning", path(f"{settings.ADMIN_URL}planning/", include("newsroom.planning.urls"))),
    # ADMIN_URL: the admin's address is configurable (newsroom.settings.base).
    path(settings.ADMIN_URL, admin.site.urls),
    # For load balancer probes; exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT).
    path("healthz", ops_views.healthz, name="healthz"),
    *_if_installed("newsroom.search", path("search/", include("newsroom.search.urls"))),
    *_if_installed(
        "newsroom.api",
        path("api/v1/", include("newsroom.api.urls")),
        path("", include("newsroom.api.feed_urls")),
    ),
    # The 数字报's PDFs and zone stylesheet; its page and article views are the reader site's.
    *_if_installed("newsroom.epaper", path("", include("newsroom.epaper.urls"))),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
