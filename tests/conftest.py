"""Fixtures shared by the whole suite."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.factories import make_channel, make_edition, set_publication

# Property tests draw the same examples on every run (a failure in CI is
# then reproducible, never a coin toss), and a loaded 2-core CI machine
# does not fail them for being slow.
settings.register_profile("newsroom", derandomize=True, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("newsroom")

pytest_plugins = ["tests.browser.fixtures"]

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
SEED_FILE = SEEDS_DIR / "000_5ac73dbf4c7d5ea3.txt"


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED_FILE.read_bytes()


@pytest.fixture
def seed_text() -> str:
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture
def paper(db):
    """The paper's masthead and footer, as editors set them from the seed."""
    publication = set_publication(hotline="6557709", matrix_title="欢迎关注济宁高新区融媒矩阵")
    make_channel("济宁高新电视", call_to_action="欢迎关注")
    make_channel("《蓼河先声》微信公众号", kind="wechat", name="蓼河先声")
    return publication


@pytest.fixture
def edition(paper):
    """One published issue of the paper (see tests.factories.make_edition)."""
    return make_edition()
