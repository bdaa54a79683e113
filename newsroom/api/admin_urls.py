"""/admin/wechat/<pk>/: the WeChat preview and download (staff only)."""

from django.urls import path

from .admin import WeChatDownload, WeChatPreview

app_name = "wechat"

urlpatterns = [
    path("<int:pk>/", WeChatPreview.as_view(), name="preview"),
    path("<int:pk>/download/", WeChatDownload.as_view(), name="download"),
]
