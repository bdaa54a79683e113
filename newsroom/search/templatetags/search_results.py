"""`{% search_result article %}`: one result of /search/.

Written out here rather than in the template: a result resolved a dozen
template variables, and twenty of them were a fifth of the results page.
The markup is the template's as it was (tests/newsroom/search/test_views.py).
"""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from articles.cards import printed_on
from articles.templatetags.reader import fullwidth

register = template.Library()


@register.simple_tag
def search_result(article) -> SafeString:
    """The result of an article as the view prepared it: `search_headline`
    and `search_snippet`, its page, issue and section loaded with it."""
    return mark_safe(
        '<li class="search-result">\n'
        f'  <article aria-labelledby="result-{article.pk}">\n'
        f'    <h2 class="search-result__headline" id="result-{article.pk}">'
        f'<a href="{escape(article.get_absolute_url())}">{fullwidth(article.search_headline)}</a></h2>\n'
        f'    <p class="search-result__meta">{printed_on(article.page, link_issue=False)}</p>\n'
        f'    <p class="search-result__snippet">{fullwidth(article.search_snippet)}</p>\n'
        "  </article>\n"
        "</li>\n"
    )
