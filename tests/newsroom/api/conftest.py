# `paper` and `edition` come from tests/conftest.py.


def items(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["items"]
