import pytest

from tests.factories import make_channel, make_edition, set_publication


@pytest.fixture
def paper(db):
    """The paper's footer as editors set it from the seed."""
    publication = set_publication(hotline="6557709", matrix_title="欢迎关注济宁高新区融媒矩阵")
    make_channel("济宁高新电视", call_to_action="欢迎关注")
    make_channel("《蓼河先声》微信公众号", kind="wechat", name="蓼河先声")
    return publication


@pytest.fixture
def edition(paper):
    return make_edition()


def items(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["items"]
