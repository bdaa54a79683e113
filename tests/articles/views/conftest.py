import pytest
from django.contrib.auth import get_user_model

# `paper` and `edition` come from tests/conftest.py.


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(user)
    return client
