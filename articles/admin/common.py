"""Small pieces the admin modules share."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.models import Photo
from articles.services import records


def thumbnail(photo: Photo | None, *, width: int = 80) -> str:
    """An <img> of the photo's smallest rendition (or its file); '—' without one.

    Uses `photo.renditions.all()`, so a prefetch keeps lists at constant queries.
    """
    if photo is None:
        return "—"
    renditions = sorted(photo.renditions.all(), key=lambda r: (r.format != "webp", r.width))
    if renditions:
        url = renditions[0].file.url
    elif photo.image:
        url = photo.image.url
    else:
        return format_html('<span class="nr-no-image">{}</span>', _("无图片文件"))
    return format_html(
        '<img src="{}" alt="{}" width="{}" class="nr-thumb" loading="lazy">', url, photo.alt_text or photo.caption[:40], width
    )


def public_link(obj, label=None) -> str:
    """A link to the object's public page, opening in a new tab."""
    return format_html(
        '<a href="{}" target="_blank" rel="noopener">{}</a>', obj.get_absolute_url(), label or _("查看网页")
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, cleaned to a list. An empty file passes:
    the service that reads the batch reports it, per file, like any other bad file."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        super().__init__(allow_empty_file=True, **kwargs)

    def clean(self, data, initial=None):
        items = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not items and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class RecordsChangesMixin:
    """Admin saves and deletions, inlines included, go through the records
    service, which records the change for search, caches and the API."""

    def save_model(self, request, obj, form, change):
        records.save_record(record=obj)

    def delete_model(self, request, obj):
        records.delete_record(record=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            records.delete_record(record=obj)

    def save_formset(self, request, form, formset, change):
        saved = formset.save(commit=False)
        for obj in formset.deleted_objects:
            records.delete_record(record=obj)
        for obj in saved:
            records.save_record(record=obj)
        formset.save_m2m()


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records made only by services: listed and opened, never added, changed or deleted here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
