"""Fixtures shared by the whole suite."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

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
