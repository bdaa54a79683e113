"""`{% search_result %}` writes what the results template wrote for each result."""

import pytest
from django.template import Context, Template

from articles.models import Article
from newsroom.search.templatetags.search_results import search_result
from newsroom.search.text import Query, highlight, snippet
from tests.factories import make_article, make_page

pytestmark = pytest.mark.django_db

# search/results.html's loop body as it was, through Django's template engine.
TEMPLATE_RESULT = Template(
    "{% load reader %}"
    '<li class="search-result">\n'
    '  <article aria-labelledby="result-{{ article.pk }}">\n'
    '    <h2 class="search-result__headline" id="result-{{ article.pk }}"><a href="{{ article.get_absolute_url }}">'
    "{{ article.search_headline|fullwidth }}</a></h2>\n"
    '    <p class="search-result__meta"><time datetime="{{ article.page.issue.date|date:\'Y-m-d\' }}">'
    "{{ article.page.issue.date_line }}</time> "
    '<a href="{{ article.page.get_absolute_url }}">第{{ article.page.number|zpad }}版</a> '
    '<a href="{{ article.page.section.get_absolute_url }}">{{ article.page.section.name }}</a></p>\n'
    '    <p class="search-result__snippet">{{ article.search_snippet|fullwidth }}</p>\n'
    "  </article>\n"
    "</li>\n"
)


@pytest.mark.parametrize(
    ("headline", "body"),
    [("湿地公园开园", "市民来到湿地,看见(新)景"), ('<script>"湿地"&</script>', "<b>湿地</b> & 'x'")],
    ids=["plain", "markup-in-the-text"],
)
def test_a_result_is_written_as_the_template_wrote_it(headline, body):
    made = make_article(page=make_page(section="生态<新城>"), headline=headline)
    article = Article.objects.select_related("page__issue", "page__section").get(pk=made.pk)
    terms = Query.parse("湿地").terms
    article.search_headline = highlight(article.headline, terms)
    article.search_snippet = snippet([body], terms)
    assert search_result(article) == TEMPLATE_RESULT.render(Context({"article": article}))
