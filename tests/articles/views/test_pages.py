"""The home page, an issue's front page and its inner pages."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from articles.models import Article
from tests.factories import make_article, make_edition, make_issue, make_page

from .outline import outline

pytestmark = pytest.mark.django_db


def test_home_shows_the_latest_published_issues_front_page(client, paper):
    make_edition(date=dt.date(2019, 7, 11))
    newest = make_edition(date=dt.date(2019, 7, 18))
    response = client.get("/")
    assert response.context["issue"] == newest.issue
    assert response.context["page"].number == 1
    assert newest.lead.headline.replace("(", "（").replace(")", "）") in response.content.decode()


def test_home_ignores_a_newer_issue_with_only_drafts(client, paper):
    published = make_edition(date=dt.date(2019, 7, 11))
    draft_page = make_page(issue=make_issue(date=dt.date(2019, 7, 18)))
    make_article(page=draft_page, status=Article.Status.DRAFT)
    assert client.get("/").context["issue"] == published.issue


def test_home_before_anything_is_published_says_so(client, paper):
    response = client.get("/")
    assert response.status_code == 200
    assert "尚未出版" in response.content.decode()
    assert outline(response.content).texts("h1") == ["济宁高新区报"]


def test_front_page_names_the_paper_in_its_only_h1(client, edition):
    page = outline(client.get(edition.issue.get_absolute_url()).content)
    assert page.texts("h1") == ["济宁高新区报"]


def test_masthead_prints_the_date_line_and_the_issue_number(client, paper):
    edition = make_edition(date=dt.date(2019, 7, 11))
    edition.issue.number = 1234
    edition.issue.save()
    html = client.get("/").content.decode()
    assert "2019年7月11日 星期四" in html
    assert "第1234期" in html


def test_page_lists_all_pages_of_the_issue_by_name(client, edition):
    html = client.get(edition.pages[1].get_absolute_url()).content.decode()
    for label in ("01版</span> 头版", "02版</span> 要闻", "03版</span> 新城", "04版</span> 家园"):
        assert label in html


def test_page_marks_itself_current_in_the_page_navigation(client, edition):
    html = client.get(edition.pages[1].get_absolute_url()).content.decode()
    assert f'<a href="{edition.pages[1].get_absolute_url()}" aria-current="page">' in html


def test_inner_page_h1_is_its_number_and_section(client, edition):
    page = outline(client.get(edition.pages[1].get_absolute_url()).content)
    assert page.texts("h1") == ["第02版 · 要闻"]


def test_page_shows_its_articles_in_print_order(client, edition):
    page = edition.pages[1]
    second = make_article(page=page, headline="排在第二", position=5)
    first = make_article(page=page, headline="排在第一", position=3)
    articles = client.get(page.get_absolute_url()).context["articles"]
    assert [a.pk for a in articles] == [edition.inner.pk, first.pk, second.pk]


def test_headline_navigation_lists_every_headline_of_the_page(client, edition):
    html = client.get(edition.pages[0].get_absolute_url()).content.decode()
    nav = html[html.index('id="headlinenav-title"') :]
    assert "济宁高新区召开2019年第20次党工委（扩大）会议" in nav
    assert "红帆驿站" in nav


def test_page_links_to_the_previous_and_next_page(client, edition):
    html = client.get(edition.pages[1].get_absolute_url()).content.decode()
    assert f'rel="prev" href="{edition.pages[0].get_absolute_url()}"' in html
    assert f'rel="next" href="{edition.pages[2].get_absolute_url()}"' in html


def test_first_page_has_no_previous_page_link(client, edition):
    assert 'rel="prev"' not in client.get(edition.pages[0].get_absolute_url()).content.decode()


def test_front_page_teaser_links_to_its_public_story(client, edition):
    html = client.get("/").content.decode()
    assert f'<a href="{edition.inner.get_absolute_url()}">' in html
    assert (
        '<span class="teaser__kicker">十里湖生态湿地公园项目</span><span class="teaser__main">东部园区8月具备开园条件</span>'
        in html
    )


def test_teaser_to_a_draft_story_links_to_its_page_instead(client, edition):
    Article.objects.filter(pk=edition.inner.pk).update(status=Article.Status.DRAFT)
    html = client.get("/").content.decode()
    assert edition.inner.get_absolute_url() not in html
    assert f'<a href="{edition.pages[1].get_absolute_url()}">\n        <span class="teaser__kicker">' in html


def test_inner_page_shows_the_front_page_teasers_pointing_to_it(client, edition):
    html = client.get(edition.pages[3].get_absolute_url()).content.decode()
    assert "本版导读" in html
    # The kicker and the headline as two lines, not joined by a space.
    assert '<span class="pointer__kicker">高新区崇文学校获评</span><span class="pointer__main">全国国际跳棋特色学校</span>' in html


def test_inner_page_shows_the_photo_story_that_refers_to_it(client, edition):
    html = client.get(edition.pages[2].get_absolute_url()).content.decode()
    assert f'<a href="{edition.photo_story.get_absolute_url()}"><span class="pointer__main">红帆驿站</span></a>' in html


def test_page_without_text_says_its_content_is_not_in_yet(client, edition):
    assert "本版文字内容尚未录入" in client.get(edition.pages[3].get_absolute_url()).content.decode()


def test_photo_without_a_file_shows_readers_its_caption_and_credit_as_text(client, edition):
    html = client.get("/").content.decode()
    assert "图片待上传" not in html
    assert '<figure class="photo photo--text">' in html
    assert "图为济宁高新区首家“红帆驿站”落户洸河街道。" in html


def test_photo_without_a_file_shows_staff_a_pending_placeholder_in_preview(staff_client, edition):
    edition.photo_story.status = "review"
    edition.photo_story.save()
    html = staff_client.get(edition.issue.get_absolute_url()).content.decode()
    assert '<p class="photo__pending">图片待上传</p>' in html


@pytest.mark.parametrize(
    "url",
    ["/issues/2019-02-30/", "/issues/2019-07-11/", "/issues/{date}/07/", "/issues/{date}/2/", "/issues/{date}/002/"],
)
def test_missing_or_malformed_issue_and_page_urls_answer_404(client, edition, url):
    assert client.get(url.format(date=edition.issue.date.isoformat())).status_code == 404


def test_footer_shows_each_media_channel_and_the_hotline_once(client, edition):
    html = client.get(edition.pages[1].get_absolute_url()).content.decode()
    assert html.count("《蓼河先声》微信公众号") == 1
    assert html.count("欢迎关注济宁高新区融媒矩阵") == 1
    assert html.count("融媒体新闻热线：") == 1
    assert '<a href="tel:6557709">6557709</a>' in html


def test_footer_shows_a_channels_qr_image_when_attached(client, edition):
    from articles.models import MediaChannel

    channel = MediaChannel.objects.get(label="济宁高新电视")
    channel.qr_image.save("tv.png", ContentFile(b"\x89PNG fake"), save=True)
    html = client.get("/").content.decode()
    assert f'<img class="channel__qr" src="{channel.qr_image.url}" alt="济宁高新电视的二维码，扫码关注"' in html


def test_inactive_channel_is_not_in_the_footer(client, edition):
    from articles.models import MediaChannel

    MediaChannel.objects.filter(label="济宁高新电视").update(is_active=False)
    assert "济宁高新电视" not in client.get("/").content.decode()


def test_masthead_lists_the_printed_sections_in_page_order(client, edition):
    parsed = outline(client.get(edition.inner.get_absolute_url()).content)
    sections = [link["href"] for link in parsed.links if link.get("href", "").startswith("/sections/")]
    assert sections[:4] == [p.section.get_absolute_url() for p in edition.pages]


def test_masthead_marks_the_current_section(client, edition):
    html = client.get("/sections/要闻/").content.decode()
    assert '<li><a href="/sections/%E8%A6%81%E9%97%BB/" aria-current="page">要闻</a></li>' in html


def test_page_without_text_says_so_once(client, edition):
    html = client.get(edition.pages[3].get_absolute_url()).content.decode()
    assert html.count("本版文字内容尚未录入。") == 1
    assert "标题导航" not in html


def test_page_head_links_to_the_section(client, edition):
    html = client.get(edition.pages[1].get_absolute_url()).content.decode()
    assert f'<a class="page-head__section" href="{edition.pages[1].section.get_absolute_url()}">栏目：要闻</a>' in html


def test_footer_puts_a_call_to_action_with_its_own_channel(client, edition):
    html = client.get("/").content.decode()
    assert '<p class="channel__name"><span class="channel__cta">欢迎关注</span><span class="channel__label">济宁高新电视</span></p>' in html


def test_footer_links_a_channel_whose_handle_is_an_address(client, edition):
    from articles.models import MediaChannel

    MediaChannel.objects.filter(label="《蓼河先声》微信公众号").update(handle="https://mp.weixin.qq.com/liaohe")
    MediaChannel.objects.filter(label="济宁高新电视").update(handle="jngx-tv")
    html = client.get("/").content.decode()
    assert '<a class="channel__label" href="https://mp.weixin.qq.com/liaohe" rel="noopener">《蓼河先声》微信公众号</a>' in html
    assert "https://mp.weixin.qq.com/liaohe</p>" not in html  # the address is the link, not a second line
    assert '<p class="channel__handle">jngx-tv</p>' in html
