"""The one pagination include: links keep the page's other query parameters."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def render(url: str, number: int, **extra) -> str:
    page = Paginator(range(100), 20).page(number)
    return render_to_string("includes/pagination.html", {"page_obj": page, **extra}, request=RequestFactory().get(url))


def test_next_link_keeps_the_other_query_parameters():
    html = render("/search/?q=%E6%B9%BF%E5%9C%B0&section=3&page=2", 2)
    assert 'href="?q=%E6%B9%BF%E5%9C%B0&amp;section=3&amp;page=3"' in html
    assert 'href="?q=%E6%B9%BF%E5%9C%B0&amp;section=3&amp;page=1"' in html


def test_labels_are_the_callers():
    html = render("/sections/x/", 1, previous_label="‹ 较新", next_label="较早 ›", label="栏目分页")
    assert "较早 ›" in html and 'aria-label="栏目分页"' in html


def test_a_single_page_has_no_pager():
    page = Paginator(range(5), 20).page(1)
    assert render_to_string("includes/pagination.html", {"page_obj": page}, request=RequestFactory().get("/")).strip() == ""
