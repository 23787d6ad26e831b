"""Load once what the default pipeline needs, so processes forked afterwards start with it in memory.

The worker pool (:mod:`cleaner.parallel`) names this module as the fork server's preload: the fork
server imports it once, and every worker is forked from it with the dictionaries, the 3-gram model and
the tables already loaded (shared copy-on-write) instead of loading them again, which took longer than
cleaning a small batch. Importing it elsewhere is harmless: everything it loads is cached anyway, and
the freeze (below, :mod:`cleaner.gcfreeze`) only keeps what exists then out of the garbage collector's walks.
"""

from __future__ import annotations

from cleaner.gcfreeze import freeze_loaded

_SAMPLE = ("The goverment said on Monday that the White Home officials met.\n\n"
           "Leave a Reply\n\nThey stated that the 2 former foes would meet again.\n")


def warm() -> None:
    """Run the default pipeline once and load the lazily loaded resources it may need later."""
    from cleaner.config import Config
    from cleaner.pipeline import clean_text
    from cleaner.spelling import lexicon
    from cleaner.spin import evidence, vocabulary
    from cleaner.spin.lm import get_model
    from cleaner.spin.thesaurus import load_thesaurus

    config = Config()
    clean_text(_SAMPLE, config)
    lexicon.warm()
    vocabulary.ratios()
    if get_model() is not None:
        evidence.site_candidates()
        load_thesaurus(config.synonyms_path)  # as the spin stage asks for it (~0.5 s to build)


try:
    warm()
except Exception:  # a fork server must start even if a resource is missing; workers then load lazily
    pass
# Everything loaded so far lives as long as the process and the workers forked from it: moved out of the
# garbage collector's walks here, right before any fork, as the Python docs advise for pre-fork servers.
freeze_loaded()
