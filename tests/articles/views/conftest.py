import pytest

from tests.factories import make_user

# `paper` and `edition` come from tests/conftest.py.


@pytest.fixture
def staff_client(client, db):
    """An editor (编辑): the role that previews every article (articles.policy)."""
    client.force_login(make_user("编辑", username="editor"))
    return client
