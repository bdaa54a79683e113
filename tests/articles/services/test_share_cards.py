"""Share cards: drawn by the change log's consumer after a publish, an edit or
an import commits (and by the backfill), once per text, redrawn when the
headline changes, and never a reason for a write to fail."""

import io
import logging

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from articles import changes
from articles.models import Article, Change
from articles.services import share_cards, workflow
from articles.services.importing import ImportOptions, SeedSource, import_file
from tests.factories import make_article, make_user, processed, save_record, set_publication

from .conftest import SEED_NAME

Status = Article.Status
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cards_drawn(settings):
    settings.NEWSROOM_SHARE_CARDS = True


def card_of(article: Article) -> str:
    article.refresh_from_db(fields=["share_card"])
    return article.share_card.name


def test_publishing_draws_the_card_with_masthead_headline_date_and_page():
    article = make_article(status=Status.APPROVED, headline="十里湖生态湿地公园项目东部园区8月具备开园条件")
    workflow.publish(article=article, user=make_user("总编"))
    processed()
    name = card_of(article)
    assert name.startswith(f"share-cards/{article.pk}-") and name.endswith(".png")
    with default_storage.open(name) as fh, Image.open(fh) as image:
        assert (image.format, image.size) == ("PNG", share_cards.SIZE)


def test_the_card_is_drawn_after_the_publish_not_inside_it(settings):
    settings.NEWSROOM_SHARE_CARDS = False
    article = make_article(status=Status.APPROVED)
    settings.NEWSROOM_SHARE_CARDS = True
    workflow.publish(article=article, user=make_user("总编"))
    assert card_of(article) == ""
    processed()
    assert card_of(article) != ""


def test_a_changed_headline_gets_a_new_card_and_the_old_file_goes_after_commit(django_capture_on_commit_callbacks):
    article = make_article(status=Status.APPROVED)
    chief = make_user("总编")
    workflow.publish(article=article, user=chief)
    processed()
    old = card_of(article)
    article.headline = "新的标题"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.save_article(article=article, user=chief, expected_version=article.version)
    new = card_of(article)
    assert new != old
    assert default_storage.exists(new)
    assert not default_storage.exists(old)


def test_an_edit_that_leaves_the_printed_text_alone_keeps_the_card():
    article = make_article(status=Status.APPROVED)
    chief = make_user("总编")
    workflow.publish(article=article, user=chief)
    processed()
    card = card_of(article)
    article.body = "改过的正文。"
    workflow.save_article(article=article, user=chief, expected_version=article.version)
    processed()
    assert card_of(article) == card


def test_a_renumbered_page_redraws_the_cards_of_its_articles():
    article = make_article()
    before = card_of(article)
    page = article.page
    page.number = 7
    save_record(page)
    assert card_of(article) not in ("", before)


def test_drawing_a_card_is_not_an_edit():
    article = make_article()
    version, updated_at = article.version, article.updated_at
    assert share_cards.draw_share_card(article=article) is True
    article.refresh_from_db()
    assert (article.version, article.updated_at) == (version, updated_at)
    assert share_cards.draw_share_card(article=article) is False  # already current


def test_an_article_not_on_a_page_has_no_card():
    article = make_article(status=Status.DRAFT)
    article.page = None
    assert share_cards.draw_share_card(article=article) is False
    assert article.share_card.name in ("", None)


def test_the_masthead_is_part_of_the_card():
    article = make_article()
    share_cards.draw_share_card(article=article)
    before = card_of(article)
    set_publication(name="高新区报")
    call_command("make_share_cards", verbosity=0)
    assert card_of(article) != before


def test_importing_a_page_draws_the_cards_of_its_articles(seed_bytes):
    report = import_file(source=SeedSource(name=SEED_NAME, data=seed_bytes))
    assert report.ok
    processed()
    assert all(a.share_card for a in Article.objects.all())


def test_an_import_without_cards_leaves_them_to_the_backfill(seed_bytes):
    import_file(source=SeedSource(name=SEED_NAME, data=seed_bytes), options=ImportOptions(share_cards=False))
    processed()
    assert not Article.objects.exclude(share_card="").exists()
    assert not Change.objects.filter(processed_at__isnull=True).exists()


def test_a_dry_run_import_draws_no_card(seed_bytes, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    import_file(source=SeedSource(name=SEED_NAME, data=seed_bytes), options=ImportOptions(dry_run=True))
    processed()
    assert not (tmp_path / share_cards.FOLDER).exists()


def test_without_the_font_no_card_is_drawn_and_the_log_says_why(monkeypatch, caplog):
    monkeypatch.setattr(share_cards, "FONT_FAMILY", "No Such CJK Font")
    share_cards.font_file.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="articles.services.share_cards"):
            article = make_article()
        assert "is not installed" in caplog.text and "fonts-noto-cjk" in caplog.text
        assert card_of(article) == ""
    finally:
        share_cards.font_file.cache_clear()


def test_backfill_command_draws_missing_cards_and_reports_counts(settings):
    settings.NEWSROOM_SHARE_CARDS = False  # as after `import_seeds --no-share-cards`
    articles = [make_article() for _ in range(3)]
    share_cards.draw_share_card(article=articles[0])
    out = io.StringIO()
    call_command("make_share_cards", stdout=out)
    assert "Drew 2 share card(s); 1 already current." in out.getvalue()
    assert all(card_of(a) for a in articles)


def test_the_names_of_the_cards_drawn_together_are_written_with_one_statement(settings):
    settings.NEWSROOM_SHARE_CARDS = False
    articles = [make_article() for _ in range(3)]
    with CaptureQueriesContext(connection) as queries:
        assert share_cards.ensure_share_cards(share_cards.placed_articles()).drawn == 3
    assert ["UPDATE" in q["sql"] for q in queries.captured_queries].count(True) == 1
    assert all(card_of(a) for a in articles)


def test_backfill_command_refuses_clearly_without_the_font(monkeypatch):
    from django.core.management import CommandError

    monkeypatch.setattr(share_cards, "FONT_FAMILY", "No Such CJK Font")
    share_cards.font_file.cache_clear()
    try:
        with pytest.raises(CommandError, match="fonts-noto-cjk"):
            call_command("make_share_cards")
    finally:
        share_cards.font_file.cache_clear()


@pytest.fixture(scope="module")
def headline_font():
    if not share_cards.fonts_available():
        pytest.skip("fonts-noto-cjk is not installed")
    return share_cards._font("bold", 60)


CJK_TEXT = st.text(alphabet=st.sampled_from("济宁高新区召开党工委扩大会议湿地公园，。、（）《》“”2019年AB"), min_size=1, max_size=80)


@settings(max_examples=60, deadline=None)
@given(text=CJK_TEXT, width=st.integers(min_value=200, max_value=1056), max_lines=st.integers(min_value=1, max_value=4))
def test_wrapped_lines_fit_and_lose_nothing_but_an_ellipsis(headline_font, text, width, max_lines):
    text = text.strip() or "报"
    lines = share_cards.wrap(text, headline_font, width, max_lines)
    assert 1 <= len(lines) <= max_lines
    joined = "".join(lines)
    if joined.endswith("…") and joined[:-1] != text:
        assert text.startswith(joined[:-1])
    else:
        assert joined == text
    for line in lines[1:]:
        assert line[0] not in share_cards._NO_LINE_START
    for line in lines:
        # Only closing punctuation hangs past the edge, as in print.
        assert len(line) == 1 or headline_font.getlength(line.rstrip("".join(share_cards._NO_LINE_START))) <= width


@pytest.fixture
def broken_storage(settings, tmp_path, monkeypatch):
    """Media under a path that cannot be a folder: every save fails with OSError."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"
    # The card consumer's failures must not make later tests' requests retry (and query).
    monkeypatch.setattr(changes, "_left_pending", False)


def test_publishing_succeeds_when_the_card_cannot_be_stored(broken_storage, caplog):
    article = make_article(status=Status.APPROVED)
    workflow.publish(article=article, user=make_user("总编"))
    with caplog.at_level(logging.ERROR, logger="newsroom.changes"):
        processed()
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.share_card.name == ""
    assert "sharecards" in caplog.text and "process_changes" in caplog.text


def test_a_card_that_could_not_be_stored_is_drawn_when_its_change_is_retried(broken_storage, settings, tmp_path):
    article = make_article(status=Status.APPROVED)
    workflow.publish(article=article, user=make_user("总编"))
    processed()
    assert Change.objects.filter(pending__contains="|sharecards|").exists()
    settings.MEDIA_ROOT = tmp_path / "media"  # storage is back
    processed()
    assert card_of(article) != ""
    assert not Change.objects.filter(pending__contains="|sharecards|").exists()


def test_backfill_reports_an_article_whose_card_cannot_be_stored_and_carries_on(broken_storage, settings):
    settings.NEWSROOM_SHARE_CARDS = False
    make_article(headline="第一篇")
    make_article(headline="第二篇")
    err = io.StringIO()
    call_command("make_share_cards", stdout=io.StringIO(), stderr=err)
    assert err.getvalue().count("«第") == 2
