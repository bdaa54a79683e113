"""The search form: the query and its filters, each with a clear error."""

from __future__ import annotations

from django import forms
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

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # Offer only sections that can find something.
        self.fields["section"].queryset = Section.objects.with_published_work()

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

    def filters(self) -> dict:
        """Keyword arguments for `engine.search`, from a valid form."""
        return {key: self.cleaned_data[key] for key in ("date_from", "date_to", "section", "person")}
