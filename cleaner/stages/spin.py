"""Spin: detect machine-spun text and repair it in context.

Two levels (see docs/spin.md): fingerprints (spun phrases that practically never occur in clean
news, spintax debris) give the document's spin score and verdict; inside a document judged spun,
digits for number words and ambiguous spun words are repaired, the latter chosen by a 3-gram
context model among thesaurus candidates (optional: needs pocketsphinx).

>>> from cleaner import clean_text
>>> r = clean_text("The Chilly Battle ended. Overseas Minister Ann Lee instructed reporters on Monday.\\n")
>>> r.text
'The Cold War ended. Foreign Minister Ann Lee told reporters on Monday.\\n'
>>> r.scores["spin.verdict"]
'spun'
>>> clean_text("Prime Minister Ann Lee said the chief of the U.S. Navy spoke.\\n").edits
()
"""

from __future__ import annotations

from cleaner.edits import Edit
from cleaner.spin import context, evidence, fingerprints as fp, thesaurus, verdict as vd, vocabulary
from cleaner.spin.tokens import count_words, tokenize
from cleaner.stages import Stage, StageContext, StageOutput
from cleaner.wordscan import scan

WEIGHTS = {"safe": 1.0, "unsafe": 0.5}
_EVIDENCE: dict[int, fp.RunTable | None] = {}


def _evidence(index: fp.Index) -> fp.RunTable | None:
    key = id(index)  # indexes are cached for the process, so their id is stable
    if key not in _EVIDENCE:
        _EVIDENCE[key] = fp.evidence_index(index)
    return _EVIDENCE[key]


def _context_gain(text: str, cfg, vocab: float) -> evidence.Gain:
    """Context evidence (needs pocketsphinx), when the vocabulary gate lets the document through.

    ``stage_options={"spin": {"detect_context": ...}}``: ``"gated"`` (default: documents whose
    vocabulary score reaches the gate), ``"always"`` (every document; the previous default, about 5x
    the stage's cost on clean news) or ``"never"``.
    """
    mode = cfg.option("spin", "detect_context", "gated")
    if mode is False or mode == "never":
        return evidence.NO_GAIN
    if mode != "always" and mode is not True and vocab < cfg.option("spin", "vocabulary_gate", vocabulary.GATE):
        return evidence.NO_GAIN
    from cleaner.spin.lm import get_model

    return evidence.gain(text, get_model())


def spin(text: str, ctx: StageContext) -> StageOutput:
    cfg = ctx.config
    index = fp.default_index(tuple(cfg.tables))
    words_b = scan(text)  # prepared once for the vocabulary gate, the fingerprint pre-check and spelling
    vocab = vocabulary.score(words_b)
    g = _context_gain(text, cfg, vocab)
    spun_gain = cfg.option("spin", "spun_gain", vd.SPUN_GAIN)
    suspect_gain = cfg.option("spin", "suspect_gain", vd.SUSPECT_GAIN)
    ctx_scores = {"spin.vocabulary": vocab, "spin.context_gain": g.mean, "spin.context_sites": g.sites,
                  "spin.context_strong": g.strong}
    spintax = fp.find_spintax(text)
    if not spintax and g.mean < suspect_gain and not fp.may_have_evidence(words_b, _evidence(index)):
        # Fast path for clean text: no fingerprint can match and context evidence is weak: clean.
        score, verdict = vd.verdict(0.0, 1, context_gain=g.mean)
        return StageOutput([], {"spin.score": score, "spin.verdict": verdict, "spin.fingerprints": 0.0,
                                **ctx_scores})
    tokens = tokenize(text)
    words = count_words(tokens)
    allow = {w.lower() for w in cfg.allow_words}
    matches = [m for m in fp.find_phrases(tokens, text, index)
               if not any(t.lower in allow for t in tokens[m.i:m.j])]
    weight = sum(WEIGHTS.get(m.tier, 0.0) for m in matches) + len(spintax)
    score, verdict = vd.verdict(weight, words, cfg.option("spin", "min_weight", vd.MIN_WEIGHT),
                                cfg.option("spin", "min_score", vd.MIN_SCORE), g.mean, spun_gain, suspect_gain)
    scores = {"spin.score": score, "spin.verdict": verdict, "spin.fingerprints": weight, **ctx_scores}
    if verdict == "clean":
        return StageOutput([], scores)

    edits: list[Edit] = []
    protected: set[int] = set()
    spun = verdict == "spun"
    for m in matches:
        if m.tier in ("keep", "safe", "unsafe"):
            protected.update(range(m.i, m.j))
        before = m.before(text)
        if m.tier == "safe" or (m.tier == "unsafe" and spun):
            if before != m.after:
                edits.append(Edit(m.start, m.end, before, m.after, "spin.fingerprint", m.tier,
                                  0.99 if m.tier == "safe" else 0.7, f"spun phrase for '{m.after}': {m.note}"))
    for start, end, repair, alts in spintax:
        protected.update(k for k, t in enumerate(tokens) if start <= t.start < end)
        edits.append(Edit(start, end, text[start:end], repair, "spin.spintax", "unsafe" if alts else "safe",
                          0.8 if alts else 0.99, "spinner template left in the text"
                          + (" (first alternative kept)" if alts else "")))
    if spun:
        number_words = fp.find_number_words(tokens)
        where = {t.start: k for k, t in enumerate(tokens)} if number_words else {}
        for t, word in number_words:
            idx = where[t.start]
            if idx in protected:
                continue
            protected.add(idx)
            edits.append(Edit(t.start, t.end, t.text, word, "spin.number-word", "safe", 0.9,
                              f"a spinner writes digits for number words: '{word}'"))
        edits += _context_edits(text, tokens, protected, allow, cfg)
    scores["spin.repairs"] = len(edits)
    return StageOutput(edits, scores)


def _context_edits(text, tokens, protected, allow, cfg) -> list[Edit]:
    from cleaner.spin.lm import get_model

    if not cfg.option("spin", "context", True):
        return []
    model = get_model()
    if model is None:  # pocketsphinx not installed: fingerprints only
        return []
    th = thesaurus.load_thesaurus(cfg.synonyms_path)
    blocked = protected | {k for k, t in enumerate(tokens) if t.lower in allow}
    out = []
    margin = cfg.option("spin", "margin", context.MARGIN)
    for s in context.suggest(tokens, text, th, model, blocked, margin):
        if s.before == s.after:
            continue
        out.append(Edit(s.start, s.end, s.before, s.after, "spin.context", "unsafe",
                        round(min(0.9, 0.5 + s.gain / 10), 2),
                        f"spun word: context prefers '{s.after}' by {s.gain:.1f} log10 over {s.occurrences} use(s)"))
    return out


STAGE = Stage("spin", spin, "spun text: fingerprints, spintax, number words, context repair (verdict in scores)")
