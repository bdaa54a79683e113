"""Clients logged in as each newsroom role, and admin form data as a browser sends it."""

import pytest
from django.db.models.fields.files import FieldFile
from django.test import Client

from tests.factories import make_user

ARTICLE_INLINES = ("bylines", "photos", "taggit-taggeditem-content_type-object_id", "corrections", "transitions")


@pytest.fixture
def login(db):
    """login("编辑") -> a test client of a fresh user in that group (None: staff without a group)."""

    def make(role: str | None) -> Client:
        client = Client()
        client.user = make_user(role)
        client.force_login(client.user)
        return client

    return make


@pytest.fixture
def superuser_client(db) -> Client:
    client = Client()
    client.user = make_user(superuser=True)
    client.force_login(client.user)
    return client


def management(*prefixes: str) -> dict:
    """Empty inline formsets' management data."""
    data = {}
    for prefix in prefixes:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


def form_data(response) -> dict:
    """What the change form on `response` would post back unchanged (files aside)."""
    data: dict = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or isinstance(value, FieldFile) or value is False or value == "":
                continue
            key = form.add_prefix(name)
            if value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data
