"""Input for the board; the writes themselves are the services'."""

from __future__ import annotations

import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models import Issue, Page, Person

from .services import PageSpec

_PAGE_LINE = re.compile(r"^\s*(\d{1,2})\s+(\S.*?)\s*$")


class PlanIssueForm(forms.Form):
    date = forms.DateField(label=_("出版日期"), widget=forms.DateInput(attrs={"type": "date"}))
    number = forms.IntegerField(label=_("期号"), required=False, min_value=1, help_text=_("未知可留空"))
    pages = forms.CharField(
        label=_("版面"),
        widget=forms.Textarea(attrs={"rows": 5}),
        initial="01 头版\n02 要闻\n03 新城\n04 家园",
        help_text=_("每行一个版面：版次、空格、栏目名称，如“02 要闻”"),
    )

    def clean_pages(self) -> list[PageSpec]:
        specs = []
        for n, line in enumerate(self.cleaned_data["pages"].splitlines(), start=1):
            if not line.strip():
                continue
            match = _PAGE_LINE.match(line)
            if match is None:
                raise forms.ValidationError(
                    _("第 {n} 行“{line}”看不懂：应为版次、空格、栏目名称，如“02 要闻”。").format(n=n, line=line.strip())
                )
            specs.append(PageSpec(number=int(match[1]), section=match[2]))
        if not specs:
            raise forms.ValidationError(_("至少要有一个版面。"))
        return specs


class PersonChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=Person.objects.order_by("name"), required=False, **kwargs)


class PageChoiceField(forms.ModelChoiceField):
    home_issue_id = None

    def label_from_instance(self, page: Page) -> str:
        return page_choice_label(page, self.home_issue_id)


def page_choice_label(page: Page, home_issue_id=None) -> str:
    """`02 要闻`, with the issue's date when the page belongs to another issue."""
    if home_issue_id is None or page.issue_id == home_issue_id:
        return page.label
    return f"{page.issue.date:%Y-%m-%d} {page.label}"


class StoryForm(forms.Form):
    """A card's fields; `page` only when adding."""

    page = PageChoiceField(label=_("版面"), queryset=Page.objects.none())
    slug = forms.SlugField(label=_("稿件代号"), max_length=60, allow_unicode=True)
    working_headline = forms.CharField(label=_("暂定标题"), max_length=200)
    reporter = PersonChoiceField(label=_("记者"))
    photographer = PersonChoiceField(label=_("摄影"))
    expected_length = forms.IntegerField(label=_("预计字数"), required=False, min_value=1)
    due_at = forms.DateTimeField(
        label=_("截稿时间"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, issue=None, with_page: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_page:
            self.fields["page"].queryset = Page.objects.filter(issue=issue).select_related("section")
        else:
            del self.fields["page"]


class MoveForm(forms.Form):
    """The keyboard-accessible move: a page and a place on it (1 is the top)."""

    page = PageChoiceField(label=_("移到版面"), queryset=Page.objects.none())
    position = forms.IntegerField(label=_("第几条"), min_value=1, max_value=99)

    def __init__(self, *args, issue=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].queryset = move_targets(issue)
        self.fields["page"].home_issue_id = issue.pk


def move_targets(issue, *, later_issues: int = 3):
    """The pages a story of `issue` may go to: its own, and those of the next few issues."""
    later = Issue.objects.filter(date__gt=issue.date).order_by("date").values("pk")[:later_issues]
    return (
        Page.objects.filter(Q(issue=issue) | Q(issue__in=later))
        .select_related("issue", "section")
        .order_by("issue__date", "number")
    )


class DropForm(forms.Form):
    reason = forms.CharField(label=_("撤下原因"), required=False, max_length=200)
