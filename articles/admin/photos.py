"""Photos: upload checked by the photo service, which also makes the renditions."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from articles import policy
from articles.models import Article, Photo, Rendition
from articles.services import photos as photo_service
from articles.services import records, workflow

from .common import RecordsChangesMixin, thumbnail

FILE_METADATA_LABELS = {
    "caption": _("说明"),
    "creator": _("作者"),
    "credit_line": _("署名"),
    "copyright": _("版权"),
    "date_created": _("拍摄日期"),
    "source": _("来源"),
}


@admin.display(description=_("文件自带信息"))
def file_metadata(photo: Photo) -> str:
    """What the uploaded file said about itself (IPTC/XMP), for the editor to compare."""
    if not photo.file_metadata:
        return "—"
    return format_html_join(
        "",
        "<div><strong>{}</strong>：{}</div>",
        ((label, photo.file_metadata[key]) for key, label in FILE_METADATA_LABELS.items() if key in photo.file_metadata),
    )


class CheckedImageField(forms.ImageField):
    """An image upload checked by the photo service first, for its clear errors."""

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "seek"):
            photo_service.validate_image_upload(data)
        return super().to_python(data)


class PhotoForm(forms.ModelForm):
    image = CheckedImageField(label=_("图片文件"), required=False, help_text=_("JPEG、PNG 或 WebP"))

    class Meta:
        model = Photo
        fields = ("image", "caption", "credit", "credit_role", "alt_text", "order")
        widgets = {"caption": forms.Textarea(attrs={"rows": 2})}


def save_photo_forms(formset) -> None:
    """Save a photo formset; image changes go through the photo service (file + renditions)."""
    formset.save(commit=False)
    for obj in formset.deleted_objects:
        records.delete_record(record=obj)
    for form in formset.forms:
        if form in formset.deleted_forms or not form.has_changed():
            continue
        save_photo_form(form)


# What the renditions' XMP repeats: a change to these makes them again.
CREDIT_FIELDS = {"caption", "credit", "credit_role"}


def save_photo_form(form) -> None:
    photo = form.instance
    upload = form.cleaned_data.get("image")
    if "image" not in form.changed_data:
        if photo.image and CREDIT_FIELDS & set(form.changed_data):
            photo_service.save_credits(photo=photo)
        else:
            records.save_record(record=photo)
    elif upload:
        photo_service.attach_image(photo=photo, upload=upload)
    else:
        photo_service.remove_image(photo=photo)


class PhotoInline(admin.StackedInline):
    model = Photo
    form = PhotoForm
    extra = 0
    fields = (("image", "preview"), "caption", ("credit", "credit_role"), "alt_text", "order", file_metadata)
    readonly_fields = ("preview", file_metadata)
    autocomplete_fields = ("credit",)

    @admin.display(description=_("预览"))
    def preview(self, photo: Photo) -> str:
        return thumbnail(photo, width=160) if photo.pk else "—"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("credit").prefetch_related("renditions")


class RenditionInline(admin.TabularInline):
    model = Rendition
    extra = 0
    fields = ("format", "width", "height", "file")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Photo)
class PhotoAdmin(RecordsChangesMixin, admin.ModelAdmin):
    form = PhotoForm
    list_display = ("preview", "caption_short", "credit", "article", "width", "height")
    list_select_related = ("credit", "article")
    list_filter = (("image", admin.EmptyFieldListFilter),)
    search_fields = ("caption", "credit__name", "article__headline")
    autocomplete_fields = ("article", "credit")
    fields = ("article", "image", "caption", ("credit", "credit_role"), "alt_text", "order", file_metadata)
    readonly_fields = (file_metadata,)
    inlines = (RenditionInline,)

    @admin.display(description=_("预览"))
    def preview(self, photo: Photo) -> str:
        return thumbnail(photo)

    @admin.display(description=_("图片说明"), ordering="caption")
    def caption_short(self, photo: Photo) -> str:
        return photo.caption[:40] or "—"

    def get_form(self, request, obj=None, **kwargs):
        kwargs["fields"] = ("article", *PhotoForm.Meta.fields)
        return super().get_form(request, obj, **kwargs)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("renditions")
        if not (request.user.is_superuser or workflow.can_edit_any(request.user)):
            # Reporters see the photos of their own articles only, as they see those articles.
            queryset = queryset.filter(article__in=Article.objects.filter(policy.own_articles(request.user)))
        return queryset

    def save_model(self, request, obj, form, change):
        save_photo_form(form)
