from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from newsroom.search.engine import search
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def run(*args, verbosity=1):
    out, err = StringIO(), StringIO()
    call_command("rebuild_search_index", *args, verbosity=verbosity, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_rebuild_makes_stale_text_findable():
    article = make_article(headline="湿地公园")
    Article.objects.filter(pk=article.pk).update(headline="崇文学校")
    run()
    assert search("崇文")[0:10] == [article.pk]


def test_rebuild_reports_progress_and_the_total():
    for _ in range(3):
        make_article()
    out, err = run("--batch-size", "2")
    assert "Indexed 3 article(s)." in out
    assert "2/3 articles" in err and "3/3 articles (100%)" in err


def test_rebuild_is_silent_at_verbosity_0():
    make_article()
    assert run(verbosity=0) == ("", "")


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_a_bad_batch_size_is_refused_naming_the_flag(value):
    with pytest.raises(CommandError, match=f"--batch-size: '{value}' is not a positive whole number"):
        run("--batch-size", value)


def test_an_unknown_database_is_refused_naming_the_flag():
    with pytest.raises(CommandError, match="--database 'archive'"):
        run("--database", "archive")
