"""Engine details the behaviour tests cannot see."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def python_grams(text: str) -> set[str]:
    return set(text) | {text[i : i + 2] for i in range(len(text) - 1)}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the gram function is PostgreSQL's")
@pytest.mark.parametrize(
    "text",
    ["", "湿", "湿地", "高新区", "济宁高新区召开党工委会议\n58.2%，较2019年增长", "ab" * 501 + "c"],
    ids=["empty", "one", "two", "odd", "mixed-with-newline", "long"],
)
def test_postgres_grams_are_every_one_and_two_character_substring(text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT newsroom_search_grams(%s)", [text])
        grams = cursor.fetchone()[0]

    assert sorted(grams) == sorted(python_grams(text))
