"""Keyset pagination: nothing skipped or repeated while articles are published."""

import base64
import datetime as dt
import json

import pytest
from django.utils import timezone

from articles.models import Article
from newsroom.api.pagination import Key, after, decode_cursor, encode_cursor, paginate
from tests.factories import make_article, make_issue, make_page

pytestmark = pytest.mark.django_db


def _walk(client, url: str, params: dict, *, between_pages=None) -> list[int]:
    seen, cursor = [], None
    while True:
        response = client.get(url, {**params, **({"cursor": cursor} if cursor else {})})
        data = response.json()
        seen += [a["id"] for a in data["items"]]
        cursor = data["next_cursor"]
        if not cursor:
            return seen
        if between_pages:
            between_pages()


def test_pages_follow_each_other_through_next_cursor(client, db):
    articles = [make_article() for _ in range(5)]

    seen = _walk(client, "/api/v1/articles", {"limit": 2})

    assert sorted(seen) == sorted(a.pk for a in articles)
    assert len(seen) == len(set(seen))


def test_publishing_in_a_newer_issue_while_paging_skips_and_repeats_nothing(client, db):
    articles = [make_article() for _ in range(6)]
    newer_issue_date = max(a.page.issue.date for a in articles) + dt.timedelta(days=1)

    def publish_on_top():
        make_article(page=make_page(issue=make_issue(date=newer_issue_date + dt.timedelta(days=len(Article.objects.all())))))

    seen = _walk(client, "/api/v1/articles", {"limit": 2}, between_pages=publish_on_top)

    assert seen == [a.pk for a in reversed(articles)]


def test_updates_while_syncing_move_an_article_to_the_end_not_out(client, db):
    articles = [make_article() for _ in range(4)]
    base = timezone.now() - dt.timedelta(hours=1)
    for n, article in enumerate(articles):
        Article.objects.filter(pk=article.pk).update(updated_at=base + dt.timedelta(minutes=n))
    edited = []

    def edit_an_article_already_seen():
        if not edited:
            Article.objects.filter(pk=articles[0].pk).update(updated_at=timezone.now())
            edited.append(articles[0])

    seen = _walk(
        client, "/api/v1/articles", {"limit": 2, "updated_since": "2000-01-01T00:00:00Z"}, between_pages=edit_an_article_already_seen
    )

    assert seen[:4] == [a.pk for a in articles]
    assert seen[4:] == [articles[0].pk]


def test_next_link_is_also_sent_as_a_link_header(client, db):
    make_article(), make_article()

    response = client.get("/api/v1/articles?limit=1&section=头版")

    next_url = response.json()["next"]
    assert next_url.startswith("http://testserver/api/v1/articles?")
    assert "section=%E5%A4%B4%E7%89%88" in next_url
    assert response["Link"] == f'<{next_url}>; rel="next"'


def test_last_page_has_no_next(client, db):
    make_article()

    response = client.get("/api/v1/articles?limit=1")

    assert response.json()["next_cursor"] is None and response.json()["next"] is None
    assert "Link" not in response


def test_cursor_round_trips_dates_and_datetimes():
    keys = (Key("d", kind=dt.date), Key("t", kind=dt.datetime), Key("n"), Key("s", kind=str))
    values = [dt.date(2019, 7, 11), dt.datetime(2019, 7, 11, 2, 0, tzinfo=dt.UTC), 7, "邓超"]

    assert decode_cursor(encode_cursor(values), keys) == values


@pytest.mark.parametrize("values", [[1], ["x", 2], [1.5, 2], [True, 2]], ids=["short", "str-for-int", "float", "bool"])
def test_cursor_of_another_shape_is_refused(values):
    from ninja.errors import ValidationError

    with pytest.raises(ValidationError):
        decode_cursor(encode_cursor(values), (Key("a"), Key("b")))


@pytest.mark.parametrize(
    ("values", "kind"),
    [(["a\x00b"], str), (["\ud800"], str), (["0001-01-01T00:00:00+01:00"], dt.datetime)],
    ids=["nul", "lone-surrogate", "before-utc-year-1"],
)
def test_cursor_no_database_can_compare_is_refused(values, kind):
    from ninja.errors import ValidationError

    cursor = base64.urlsafe_b64encode(json.dumps(values).encode()).decode()  # as a client could forge it

    with pytest.raises(ValidationError):
        decode_cursor(cursor, (Key("a", kind=kind),))


def test_api_answers_422_to_a_cursor_no_database_can_compare(client, db):
    cursor = encode_cursor(["0001-01-01T00:00:00+01:00", 1])

    response = client.get("/api/v1/articles/removed", {"since": "2019-01-01T00:00:00Z", "cursor": cursor})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "cursor"]


def test_after_is_lexicographic_with_mixed_directions():
    condition = after((Key("a", descending=True), Key("b")), [5, 3])

    assert str(condition) == "(OR: ('a__lt', 5), (AND: ('a', 5), ('b__gt', 3)))"


def test_rows_loaded_by_id_come_in_the_order_of_the_page(db):
    for position in range(4):
        make_article(position=position)
    keys = (Key("position", descending=True), Key("id"))

    plain = paginate(Article.objects.all(), keys, cursor=None, limit=3)
    loaded = paginate(Article.objects.all(), keys, cursor=None, limit=3, load=lambda ids: Article.objects.filter(pk__in=ids))

    assert [a.pk for a in loaded.items] == [a.pk for a in plain.items]
    assert loaded.next_cursor == plain.next_cursor
