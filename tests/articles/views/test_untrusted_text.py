"""Text from the archive is shown as text: never markup, never a template."""

import json
import re

import pytest

from articles.models import Article, Teaser
from tests.factories import make_photo

from .outline import outline

pytestmark = pytest.mark.django_db

EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)">{{ request.user }}{% now "Y" %}'


@pytest.fixture
def evil(edition):
    Article.objects.filter(pk=edition.lead.pk).update(
        headline="标题" + EVIL, kicker=EVIL, deck=EVIL, body=f"第一段{EVIL}\n\n## 小标题{EVIL}"
    )
    Teaser.objects.filter(page=edition.pages[0]).update(title="导读 " + EVIL)
    make_photo(edition.lead, caption=EVIL, order=1)
    edition.lead.tags.add("标签" + EVIL)
    edition.lead.refresh_from_db()
    return edition


@pytest.mark.parametrize("where", ["front page", "article", "section", "person"])
def test_untrusted_text_is_escaped_not_executed(client, evil, where):
    url = {
        "front page": "/",
        "article": evil.lead.get_absolute_url(),
        "section": "/sections/头版/",
        "person": "/people/邓超/",
    }[where]
    response = client.get(url)
    html = response.content.decode()
    parsed = outline(html)
    # Data (JSON-LD) or a script file of the site's own (the 关怀版 switch's memory); never inline code.
    assert all(s.get("type") == "application/ld+json" or s.get("src", "").startswith("/static/") for s in parsed.scripts)
    assert parsed.handlers == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ request.user }}" in html
    assert '{% now "Y" %}' in html or "{% now &quot;Y&quot; %}" in html


def test_untrusted_text_cannot_close_the_jsonld_script(client, evil):
    html = client.get(evil.lead.get_absolute_url()).content.decode()
    body = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in body
    assert json.loads(body)["headline"].startswith("标题<script>")


def test_untrusted_text_is_escaped_in_feeds(client, evil):
    xml = client.get("/feeds/rss/").content.decode()
    assert "<script>" not in xml
    assert "&lt;script&gt;" in xml
