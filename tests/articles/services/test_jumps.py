"""Stories that jump pages (转版): the importer joins the parts, readers read
one article with 上接/下转 notes, each page keeps its own part."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article
from articles.services.jumps import link_jumps

FRONT = """# 济宁高新区召开2019年第20次党工委(扩大)会议

**本报济宁7月11日讯(记者 邓超)** 10日,济宁高新区召开党工委(扩大)会议。

会议要求,要全力以赴抓经济运行。(下转第2版)

# 十里湖生态湿地公园东部园区8月开园

**本报讯** 近日,十里湖生态湿地公园建设加快推进。

### 高新区崇文学校获评 全国国际跳棋特色学校

02 要闻
"""

INNER = """02 要闻

# 党工委(扩大)会议

（上接第1版）上半年全区经济增长58.2%,完成45.6亿元。

会议强调,要狠抓落实,确保全年任务按时完成。

# 区教体局部署暑期校园安全

**本报讯** 区教体局召开会议,部署暑期校园安全工作。
"""


@pytest.fixture
def joined(import_text):
    front = import_text(FRONT, name="front.txt")
    inner = import_text(INNER, name="inner.txt", date=dt.date(2019, 7, 11))
    assert front.ok and inner.ok, (front.message, inner.message)
    head = Article.objects.get(headline__startswith="济宁高新区召开")
    return head, Article.objects.get(headline="党工委(扩大)会议"), inner


def test_importing_both_pages_joins_the_parts(joined):
    head, tail, report = joined
    assert head.continues == tail
    assert (head.page.number, tail.page.number) == (1, 2)
    assert any("转第02版，已合为一篇" in note for note in report.notes)


def test_the_continuation_imported_first_is_joined_when_its_first_part_comes(import_text):
    assert import_text(INNER, name="inner.txt", date=dt.date(2019, 7, 11)).ok
    assert import_text(FRONT, name="front.txt").ok
    head = Article.objects.get(headline__startswith="济宁高新区召开")
    assert head.continues.headline == "党工委(扩大)会议"


def test_importing_again_changes_nothing(joined, import_text):
    head, tail, _report = joined
    again = import_text(FRONT, name="front.txt")
    assert again.ok and not [n for n in again.notes if "joined" in n]
    head.refresh_from_db()
    assert head.continues == tail


def test_a_jump_with_no_continuation_in_the_issue_stays_alone(import_text):
    assert import_text(FRONT, name="front.txt").ok
    assert Article.objects.get(headline__startswith="济宁高新区召开").continues is None


def test_the_continuation_that_shares_the_headline_is_chosen(joined):
    head, tail, _report = joined
    other = Article.objects.create(
        page=tail.page, position=9, headline="另一篇无关稿件", body="（上接第1版）别的内容。"
    )
    head.continues = None
    head.save()
    assert link_jumps(issue=head.page.issue) == [(head, tail)]
    assert not Article.objects.filter(continues=other).exists()


def test_a_continuation_stays_taken_when_its_first_part_lost_the_marker(joined):
    head, tail, _report = joined
    Article.objects.filter(pk=head.pk).update(body="会议要求,要全力以赴抓经济运行。")
    second = Article.objects.create(
        page=head.page, position=9, headline="党工委(扩大)会议召开", body="另一篇。(下转第2版)"
    )
    assert link_jumps(issue=head.page.issue) == []
    second.refresh_from_db()
    assert second.continues is None


def test_reader_reads_the_whole_story_with_jump_notes(joined, client):
    head, _tail, _report = joined
    html = client.get(head.get_absolute_url()).content.decode()
    body = html[html.index('class="article__body"') :]
    assert body.index("全力以赴抓经济运行") < body.index("（下转第2版）") < body.index("（上接第1版）") < body.index("狠抓落实")
    assert '<p class="jump-note">（下转第2版）</p>' in body and '<p class="jump-note">（上接第1版）</p>' in body


def test_the_continuation_address_leads_to_the_whole_story(joined, client):
    head, tail, _report = joined
    response = client.get(tail.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == f"{head.get_absolute_url()}#part-{tail.pk}"


def test_both_pages_list_the_story_in_their_headline_navigation(joined, client):
    head, tail, _report = joined
    assert head.get_absolute_url() in client.get(head.page.get_absolute_url()).content.decode()
    assert tail.get_absolute_url() in client.get(tail.page.get_absolute_url()).content.decode()


def test_an_unpublished_first_part_leaves_the_continuation_readable_alone(joined, client):
    head, tail, _report = joined
    Article.objects.filter(pk=head.pk).update(status=Article.Status.DRAFT)
    response = client.get(tail.get_absolute_url())
    assert response.status_code == 200 and "狠抓落实" in response.content.decode()


def test_export_writes_each_part_back_to_its_own_page(joined, tmp_path):
    call_command("export_seeds", "--out", str(tmp_path), stdout=StringIO())
    texts = {path.read_text(encoding="utf-8") for path in tmp_path.iterdir()}
    front = next(t for t in texts if "十里湖" in t and "# 济宁高新区召开" in t)
    inner = next(t for t in texts if "02 要闻" in t.splitlines()[0])
    assert "(下转第2版)" in front and "上接第1版" not in front
    assert "（上接第1版）上半年全区经济增长58.2%" in inner and "下转第2版" not in inner
