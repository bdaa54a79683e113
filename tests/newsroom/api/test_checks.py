"""The CORS setting is checked at startup, naming the bad entry."""

import pytest

from newsroom.api.checks import check_cors_origins


@pytest.mark.parametrize("origins", [[], ["*"], ["https://app.example.com", "http://localhost:3000"]])
def test_valid_origins_pass(settings, origins):
    settings.NEWSROOM_API_CORS_ORIGINS = origins

    assert check_cors_origins() == []


@pytest.mark.parametrize(
    ("origin", "reason"),
    [
        ("app.example.com", "https://"),
        ("https://app.example.com/", "路径"),
        ("https://app.example.com/api", "路径"),
        ("ftp://app.example.com", "https://"),
        (42, "字符串"),
    ],
)
def test_bad_origin_is_reported_with_its_index_and_reason(settings, origin, reason):
    settings.NEWSROOM_API_CORS_ORIGINS = ["https://ok.example.com", origin]

    [error] = check_cors_origins()

    assert error.id == "api.E002"
    assert error.msg.startswith(f"NEWSROOM_API_CORS_ORIGINS[1] = {origin!r}")
    assert reason in error.msg


def test_a_string_instead_of_a_list_is_reported(settings):
    settings.NEWSROOM_API_CORS_ORIGINS = "https://app.example.com"

    [error] = check_cors_origins()

    assert error.id == "api.E001"
