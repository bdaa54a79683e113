"""The core's extension points: what an app registers shows up where the
core's templates and views leave room for it, and nothing else."""

import copy

import pytest
from django.contrib.auth import get_user_model

from articles import hooks


@pytest.fixture
def clean_hooks(monkeypatch):
    """Hooks registered in a test are forgotten after it."""
    for name in ("_context_providers", "_templates", "_head_links", "_admin_actions"):
        monkeypatch.setattr(hooks, name, copy.deepcopy(getattr(hooks, name)))
    return hooks


def test_unknown_slot_is_refused_with_its_name(clean_hooks):
    with pytest.raises(ValueError, match="'sidebar'"):
        clean_hooks.register_template("sidebar", "x.html")


def test_unknown_view_is_refused_with_its_name(clean_hooks):
    with pytest.raises(ValueError, match="'search'"):
        clean_hooks.register_context_provider("search", lambda view, context: {})


def test_registering_twice_keeps_one(clean_hooks):
    before = len(clean_hooks.head_links())
    clean_hooks.register_head_link(title="JSON", type="application/json", url_name="articles:feed_rss")
    clean_hooks.register_head_link(title="JSON", type="application/json", url_name="articles:feed_rss")
    assert len(clean_hooks.head_links()) == before + 1


def test_head_link_whose_url_is_gone_is_left_out(clean_hooks):
    clean_hooks.register_head_link(title="gone", type="text/plain", url_name="nowhere:nothing")
    assert "gone" not in [link["title"] for link in clean_hooks.head_links()]


@pytest.mark.django_db
def test_context_provider_adds_to_the_page_view(client, edition, clean_hooks):
    clean_hooks.register_context_provider("page", lambda view, context: {"extra_from_app": view.page.number})
    response = client.get(edition.pages[1].get_absolute_url())
    assert response.context["extra_from_app"] == 2


@pytest.mark.django_db
def test_page_layout_from_a_provider_replaces_the_stories(client, edition, clean_hooks):
    clean_hooks.register_context_provider("page", lambda view, context: {"page_layout": "includes/footer.html"})
    html = client.get(edition.pages[1].get_absolute_url()).content.decode()
    assert 'class="stories"' not in html


@pytest.mark.django_db
def test_masthead_slot_renders_the_registered_template_with_the_page_context(client, edition, clean_hooks):
    clean_hooks.register_template("masthead", "includes/preview_banner.html")
    clean_hooks.register_context_provider("article", lambda view, context: {"marker": "x"})
    response = client.get(edition.lead.get_absolute_url())
    assert response.status_code == 200
    assert "includes/preview_banner.html" in [t.name for t in response.templates]


@pytest.mark.django_db
def test_admin_action_appears_in_the_article_submit_row(client, edition, clean_hooks):
    user = get_user_model().objects.create_superuser("boss", password="x")
    client.force_login(user)
    clean_hooks.register_admin_action(
        "articles.article", lambda request, article: hooks.AdminAction(label="送审到别处", url=f"/elsewhere/{article.pk}/")
    )
    html = client.get(f"/admin/articles/article/{edition.lead.pk}/change/").content.decode()
    assert f'href="/elsewhere/{edition.lead.pk}/"' in html
    assert "送审到别处" in html


@pytest.mark.django_db
def test_an_admin_action_that_submits_the_form_is_a_submit_button_after_save(client, edition, clean_hooks):
    client.force_login(get_user_model().objects.create_superuser("boss", password="x"))
    clean_hooks.register_admin_action(
        "articles.article",
        lambda request, article: hooks.AdminAction(label="看看", url=f"/look/{article.pk}/", submits_form=True),
    )
    html = client.get(f"/admin/articles/article/{edition.lead.pk}/change/").content.decode()
    button = f'<button type="submit" class="button" formaction="/look/{edition.lead.pk}/" formtarget="_blank" formnovalidate>看看</button>'
    assert button in html
    assert html.index('name="_save"') < html.index(button)


@pytest.mark.django_db
def test_admin_action_returning_none_adds_no_button(client, edition, clean_hooks):
    user = get_user_model().objects.create_superuser("boss", password="x")
    client.force_login(user)
    clean_hooks.register_admin_action("articles.article", lambda request, article: None)
    html = client.get(f"/admin/articles/article/{edition.lead.pk}/change/").content.decode()
    assert "/elsewhere/" not in html
