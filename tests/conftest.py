"""Fixtures shared by the whole suite."""

from pathlib import Path

import pytest

pytest_plugins = ["tests.browser.fixtures"]

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
SEED_FILE = SEEDS_DIR / "000_5ac73dbf4c7d5ea3.txt"


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED_FILE.read_bytes()


@pytest.fixture
def seed_text() -> str:
    return SEED_FILE.read_text(encoding="utf-8")
