"""The dictionary stage's parts: the lexicon, the allowlists, the suggestion search (see docs/spelling.md)."""
