from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
# Measurement data beside the checkout (CI has it too); tests that read it work without it.
SHARED_DEV = ROOT.parent / "shared" / "dev"


def real_texts(limit: int, seed: int) -> list[str]:
    """The seeds, plus ``limit`` articles and extractor outputs of ../shared/dev drawn with ``seed``."""
    import random

    files = list(SEEDS)
    if SHARED_DEV.is_dir():
        extra = sorted(SHARED_DEV.glob("clean/*.txt")) + sorted(SHARED_DEV.glob("boiler/*/*.txt"))
        files += random.Random(seed).sample(extra, min(limit, len(extra)))
    return [p.read_text(encoding="utf-8", errors="replace") for p in files]
SHARED = ROOT.parent / "shared"
DEV_CLEAN = SHARED / "dev" / "clean"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    assert SEEDS, "seeds/ is missing"
    return {p.name: read(p) for p in SEEDS}


@pytest.fixture(scope="session")
def clean_corpus() -> dict[str, str]:
    """The 79 clean articles of ../shared/dev/clean (skips when ../shared is absent)."""
    if not DEV_CLEAN.is_dir():
        pytest.skip("../shared/dev/clean not available")
    return {p.name: read(p) for p in sorted(DEV_CLEAN.glob("*.txt"))}
