"""The paper's media channels (融媒矩阵) and the one-row publication settings."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.models import MediaChannel, Publication

from .common import RecordsChangesMixin
from .photos import CheckedImageField


class MediaChannelForm(forms.ModelForm):
    qr_image = CheckedImageField(label=_("二维码"), required=False, help_text=_("JPEG、PNG 或 WebP"))

    class Meta:
        model = MediaChannel
        fields = ("label", "name", "kind", "handle", "qr_image", "call_to_action", "order", "is_active")


@admin.register(MediaChannel)
class MediaChannelAdmin(RecordsChangesMixin, admin.ModelAdmin):
    form = MediaChannelForm
    # The footer shows channels by `order`: edit it right in the list.
    list_display = ("label", "kind", "order", "is_active", "has_qr")
    list_editable = ("order", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("label", "name", "handle")
    fields = MediaChannelForm.Meta.fields

    @admin.display(description=_("二维码"), boolean=True)
    def has_qr(self, channel: MediaChannel) -> bool:
        return bool(channel.qr_image)


@admin.register(Publication)
class PublicationAdmin(RecordsChangesMixin, admin.ModelAdmin):
    """One row: the list goes straight to its form."""

    fields = ("name", "slogan", "hotline_label", "hotline", "matrix_title")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        publication = Publication.load()
        return HttpResponseRedirect(reverse("admin:articles_publication_change", args=[publication.pk]))
