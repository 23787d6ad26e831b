"""Generated small news articles for the hardening, interrupt and fault tests.

Composed sentences (no real article is copied); every fifth article carries
mojibake (a curly apostrophe decoded as Windows-1252), every seventh a run of
blank lines, so the batch has real work to do. Deterministic for a seed.
"""

from __future__ import annotations

import random
from pathlib import Path

SUBJECTS = ["The minister", "Officials in Kyiv", "A spokesman for the council", "Residents of the town",
            "The company", "Analysts at the bank", "Local police", "The governor", "Two diplomats"]
VERBS = ["said on Tuesday that", "warned that", "told reporters that", "confirmed that", "denied reports that",
         "announced that", "wrote in a statement that"]
OBJECTS = ["the talks would resume next week", "prices had risen sharply since March",
           "the bridge would stay closed until repairs end", "no decision had been taken",
           "the plan was still under review", "about 300 people had been evacuated",
           "the vote was postponed to October", "the factory’s owners had agreed to pay"]

APOSTROPHE_MOJIBAKE = "’".encode("utf-8").decode("cp1252")  # â€™


def article(i: int, rng: random.Random) -> str:
    paras = []
    for _ in range(rng.randint(3, 7)):
        sentences = [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}."
                     for _ in range(rng.randint(1, 4))]
        paras.append(" ".join(sentences))
    if i % 5 == 0:
        paras[0] = "The minister’s aide declined to comment. " + paras[0]
    text = f"Story number {i}\n\n" + "\n\n".join(paras) + "\n"
    if i % 5 == 0:
        text = text.replace("’", APOSTROPHE_MOJIBAKE)
    if i % 7 == 0:
        text = text.replace("\n\n", "\n\n\n\n\n", 1)
    return text


def write_corpus(folder: Path, n: int, seed: int = 7) -> dict[str, str]:
    """Write ``n`` articles ``a00000.txt``... into ``folder``; return name -> text."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    texts = {}
    for i in range(n):
        name = f"a{i:05d}.txt"
        texts[name] = article(i, rng)
        (folder / name).write_text(texts[name], encoding="utf-8")
    return texts


def test_corpus_is_deterministic_and_dirty():
    a = [article(i, random.Random(3)) for i in range(10)]
    b = [article(i, random.Random(3)) for i in range(10)]
    assert a == b
    assert APOSTROPHE_MOJIBAKE in a[0] and APOSTROPHE_MOJIBAKE not in a[1]
    assert "\n\n\n\n" in a[7]
