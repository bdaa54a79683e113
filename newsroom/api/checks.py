"""A misconfigured CORS setting is reported at startup, naming the bad entry."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register


def invalid_origin(origin: object) -> str:
    """Why `origin` cannot be a CORS origin, or "" if it can."""
    if origin == "*":
        return ""
    if not isinstance(origin, str):
        return f"应为字符串，实为 {type(origin).__name__}"
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "应形如 https://app.example.com（含 http:// 或 https://）"
    if parts.path or parts.query or parts.fragment:
        return "只能有协议、主机和端口，不能带路径（包括末尾的 /）"
    return ""


@register()
def check_cors_origins(app_configs=None, **kwargs) -> list[Error]:
    origins = getattr(settings, "NEWSROOM_API_CORS_ORIGINS", [])
    if isinstance(origins, str) or not isinstance(origins, (list, tuple)):
        return [Error("NEWSROOM_API_CORS_ORIGINS 应为列表，如 [\"https://app.example.com\"]", id="api.E001")]
    errors = []
    for index, origin in enumerate(origins):
        reason = invalid_origin(origin)
        if reason:
            errors.append(
                Error(f"NEWSROOM_API_CORS_ORIGINS[{index}] = {origin!r}：{reason}", id="api.E002")
            )
    return errors
