import pytest
from django.contrib.auth import get_user_model

from tests.factories import make_channel, make_edition, set_publication


@pytest.fixture
def paper(db):
    """The paper's masthead and footer, as editors set them from the seed."""
    publication = set_publication(hotline="6557709", matrix_title="欢迎关注济宁高新区融媒矩阵")
    make_channel("济宁高新电视", call_to_action="欢迎关注")
    make_channel("《蓼河先声》微信公众号", kind="wechat", name="蓼河先声")
    return publication


@pytest.fixture
def edition(paper):
    return make_edition()


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(user)
    return client
