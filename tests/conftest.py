from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "raw"
GOLD = ROOT / "tests" / "gold"


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.json"))


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_doc():
    from pipeline import extract_file

    return extract_file(RAW / "als_treatment_review.txt")
