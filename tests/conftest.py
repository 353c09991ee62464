"""Shared test fixtures. Corpus files are read in place from ../shared/corpus (never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SEEDS = CORPUS / "seeds"
REAL = CORPUS / "real"


def seed(prefix: str) -> Path:
    """Path of the seed report whose name starts with ``prefix`` (e.g. "002")."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing: expected it at {CORPUS}")
    return CORPUS
