"""The search form: the query and its filters, each with a clear error."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from articles.models import Person, Section

from .text import Query, QueryError


# Dates are typed as the site writes them (2019-07-11, GB/T 7408), not in a
# browser date picker, which shows the browser's language (07/11/2019 in an
# English one); 2019年7月11日 and 2019.7.11 are understood too.
DATE_FORMATS = ["%Y-%m-%d", "%Y年%m月%d日", "%Y.%m.%d", "%Y/%m/%d"]


def date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"placeholder": "2019-07-11", "inputmode": "numeric"}),
        help_text=_("出版日期，含当天；年-月-日"),
        error_messages={"invalid": _("请按“年-月-日”填写日期，如 2019-07-11。")},
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("搜索词"), required=False, strip=True, widget=forms.SearchInput)
    date_from = date_field(_("起始日期"))
    date_to = date_field(_("截止日期"))
    section = forms.ModelChoiceField(
        label=_("栏目"), required=False, to_field_name="slug", empty_label=_("全部栏目"), queryset=Section.objects.none()
    )
    person = forms.CharField(
        label=_("作者或摄影"), required=False, max_length=50, help_text=_("姓名，如：邓超"), strip=True
    )

    def __init__(self, *args, sections: list[Section] | None = None, **kwargs):
        """`sections`: those to offer, `Section.objects.with_published_work()`
        as the view loaded (and reused) them; read here when not given. A
        chosen section is checked against the database either way."""
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # Offer only sections that can find something. The query is built
        # only where it is read: most searches choose no section.
        field = self.fields["section"]
        if sections is None or self.data.get(self.add_prefix("section")):
            field.queryset = Section.objects.with_published_work()
        if sections is not None:
            field.choices = [("", field.empty_label), *((s.slug, field.label_from_instance(s)) for s in sections)]

    def clean_q(self) -> Query:
        try:
            return Query.parse(self.cleaned_data["q"])
        except QueryError as error:
            raise forms.ValidationError(str(error), code=error.code) from None

    def clean_person(self):
        """A name (a text box, not a list of every contributor the paper
        ever had); namesakes are all searched."""
        name = self.cleaned_data["person"]
        if not name:
            return None
        people = Person.objects.filter(name=name)
        if not people.exists():
            raise forms.ValidationError(_("没有名为“%(name)s”的作者或摄影者。"), code="unknown_person", params={"name": name})
        return people

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", forms.ValidationError(_("截止日期早于起始日期。"), code="date_order"))
        return cleaned

    def fields_html(self) -> SafeString:
        """Each field as `field.as_field_group` writes it, in its wrapper.

        Written here rather than by Django's form templates (a label, a
        widget, its attributes and each option a template of their own),
        which were half of the results page's render;
        tests/newsroom/search/test_forms.py holds the two to the same HTML.
        """
        return format_html_join("\n", "{}", ((_field_html(field),) for field in self))

    def filters(self) -> dict:
        """Keyword arguments for `engine.search`, from a valid form."""
        return {key: self.cleaned_data[key] for key in ("date_from", "date_to", "section", "person")}


def _field_html(field: forms.BoundField) -> SafeString:
    widget = field.field.widget
    # The attributes as BoundField.as_widget passes them: the widget's own,
    # aria-invalid and aria-describedby, then the id.
    attrs = field.build_widget_attrs(widget.attrs)
    attrs.setdefault("id", field.auto_id)
    value = widget.format_value(field.value())
    if isinstance(widget, forms.Select):
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            ((choice, " selected" if str(choice) in value else "", label) for choice, label in field.field.choices),
        )
        control = format_html('<select name="{}"{}>{}\n</select>', field.html_name, _attributes(attrs), options)
    else:
        shown = format_html(' value="{}"', value) if value is not None else ""
        control = format_html('<input type="{}" name="{}"{}{}>', widget.input_type, field.html_name, shown, _attributes(attrs))
    help_text = (
        format_html('<div class="helptext" id="{}_helptext">{}</div>', field.auto_id, mark_safe(field.help_text))
        if field.help_text
        else ""
    )
    errors = (
        format_html(
            '<ul class="errorlist" id="{}_error">{}</ul>',
            field.auto_id,
            format_html_join("", "<li>{}</li>", ((error,) for error in field.errors)),
        )
        if field.errors
        else ""
    )
    return format_html(
        '<div class="search-form__field search-form__field--{}"><label for="{}">{}</label>\n{}\n{}\n{}</div>',
        field.name, field.id_for_label, field.label, help_text, errors, control,
    )  # fmt: skip


def _attributes(attrs: dict) -> SafeString:
    """As django/forms/widgets/attrs.html writes them: in order, True as a
    bare name, False left out."""
    return format_html_join(
        "", "{}", ((format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
                   for name, value in attrs.items() if value is not False)
    )  # fmt: skip
