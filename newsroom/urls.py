from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from newsroom.ops import views as ops_views

urlpatterns = [
    # Before admin/: the admin's catch-all would answer these with its own 404.
    path(f"{settings.ADMIN_URL}wechat/", include("newsroom.api.admin_urls")),
    path(f"{settings.ADMIN_URL}ninjs/", include("newsroom.api.ninjs_admin_urls")),
    path(f"{settings.ADMIN_URL}planning/", include("newsroom.planning.urls")),
    # ADMIN_URL: the admin's address is configurable (newsroom.settings.base).
    *(
        # Only with the desk installed: without it the article form is the plain one.
        [path(f"{settings.ADMIN_URL}desk/", include("newsroom.desk.urls"))]
        if apps.is_installed("newsroom.desk")
        else []
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    # For load balancer probes; exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT).
    path("healthz", ops_views.healthz, name="healthz"),
    path("search/", include("newsroom.search.urls")),
    path("api/v1/", include("newsroom.api.urls")),
    path("", include("newsroom.api.feed_urls")),
    # Before the reader site: the 数字报 views serve the same page and article URLs with the scan.
    path("", include("newsroom.epaper.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
