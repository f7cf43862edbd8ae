"""Shared test fixtures."""

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def fsdd_dir() -> Path:
    """The Free Spoken Digit Dataset's folder (holding ``recordings/``), read-only: from
    ``$LIQUIDSTATE_FSDD``, else the workplace copy ``<repo>/../shared/datasets/fsdd``; tests
    that use it are skipped when neither exists."""
    for root in (os.environ.get("LIQUIDSTATE_FSDD"),
                 Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "fsdd"):
        if root and (Path(root) / "recordings").is_dir():
            return Path(root)
    pytest.skip("FSDD not found (set LIQUIDSTATE_FSDD)")
