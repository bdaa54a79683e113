"""The search form writes its fields as Django's form templates would."""

import re

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string

from articles.models import Article, Section
from newsroom.search.forms import SearchForm
from tests.factories import make_article, make_page, make_person

pytestmark = pytest.mark.django_db

# search/includes/form.html as it was, each field through Django's own templates.
DJANGO_RENDERED = Template(
    '<form class="search-form" role="search" aria-label="搜索条件" action="{% url \'search:search\' %}" method="get" '
    'novalidate>{% if form.non_field_errors %}<div class="search-form__errors" role="alert">{{ form.non_field_errors }}'
    "</div>{% endif %}{% for field in form %}"
    '<div class="search-form__field search-form__field--{{ field.name }}">{{ field.as_field_group }}</div>{% endfor %}'
    '<p class="search-form__submit"><button type="submit">搜索</button></p></form>'
)


def _same_html(html: str) -> str:
    """Without the whitespace between tags, which the two lay out differently."""
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"q": "湿地", "date_from": "2019-07-01", "date_to": "2019年7月11日", "section": "要闻", "person": "孔茜"},
        {"q": "湿地 <b>", "date_from": "2019-13-40", "section": "no-such-section", "person": "无名氏"},
        {"q": "   ", "date_from": "2019-08-01", "date_to": "2019-07-01"},
    ],
    ids=["unbound", "every-filter", "bad-filters", "empty-query-and-dates-in-the-wrong-order"],
)
def test_the_form_writes_each_field_as_djangos_form_templates_would(data):
    make_article(page=make_page(section="要闻"), headline="湿地")
    make_person("孔茜")
    form = SearchForm(data)
    form.is_valid()
    ours = render_to_string("search/includes/form.html", {"form": form})
    assert _same_html(ours) == _same_html(DJANGO_RENDERED.render(Context({"form": form})))


@pytest.mark.parametrize("data", [None, {"q": "湿地", "section": "要闻"}], ids=["unbound", "a-section-chosen"])
def test_the_form_given_its_sections_writes_what_it_writes_reading_them(data):
    make_article(page=make_page(section="要闻"), headline="湿地")
    make_article(page=make_page(section="民生"), headline="湿地")
    given = SearchForm(data, sections=list(Section.objects.with_published_work()))
    read = SearchForm(data)
    assert given.is_valid() == read.is_valid()
    assert given.fields_html() == read.fields_html()


def test_a_section_given_to_the_form_is_still_checked_against_the_database():
    section = make_article(page=make_page(section="要闻"), headline="湿地").page.section
    offered = list(Section.objects.with_published_work())
    Article.objects.all().delete()
    form = SearchForm({"q": "湿地", "section": section.slug}, sections=offered)
    assert not form.is_valid()
    assert "section" in form.errors
