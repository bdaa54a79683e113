"""The admin's saves and deletions go through the services, so each records
its change for every consumer (search, the page cache, the API) to hear of."""

from django.urls import reverse

from articles.models import Change, Publication
from tests.factories import make_article

from .conftest import form_data


def last_change() -> Change:
    return Change.objects.order_by("-seq").first()


def test_saving_the_hotline_records_a_change_for_every_page(login):
    chief = login("总编")
    publication = Publication.load()
    url = reverse("admin:articles_publication_change", args=[publication.pk])
    chief.post(url, form_data(chief.get(url)) | {"name": "济宁高新区报", "hotline": "0537-6557709"})
    assert (last_change().kind, last_change().action) == ("publication", "edited")
    assert last_change().affected.site


def test_deleting_an_article_in_the_admin_lists_it_as_removed(superuser_client, django_capture_on_commit_callbacks):
    article = make_article()
    article_id = article.pk
    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            reverse("admin:articles_article_delete", args=[article_id]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert last_change().affected.deleted_articles == {article_id}


def test_the_change_log_lists_what_is_still_pending_and_for_whom(superuser_client):
    make_article()  # recorded, and applied by the factory
    Change.objects.create(kind="article", action="edited", pending="|search|", attempts=2, last_error="search: 故障")
    response = superuser_client.get(reverse("admin:articles_change_changelist"), {"pending": "failed"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [Change.objects.get(attempts=2)]
    assert "<code>search</code>" in response.content.decode()
