"""/api/v1/: the API's operations, its OpenAPI document and docs page, each
wrapped for CORS and conditional GET; any other address under it is a JSON 404."""

from django.urls import re_path

from .api import api
from .http import not_found, public_read

patterns, _ninja, app_name = api.urls  # app_name "api": reverse("api:list_articles")

urlpatterns = [
    *patterns,
    re_path(r"^", not_found, name="not_found"),
]

for pattern in urlpatterns:
    pattern.callback = public_read(pattern.callback)
