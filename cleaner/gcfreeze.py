"""Keep the tables a batch loads out of the garbage collector's walks.

The dictionaries, the thesaurus and the caches live as long as the process; a full collection walks
every container among them (bench/throughput.py prints its cost), and a batch's churn triggers such
collections now and then. ``gc.freeze()`` moves everything alive at that moment into a permanent
generation that collections skip: the pattern the Python docs give for a pre-fork server, used here by
the fork server (:mod:`cleaner.warm`) and by a single-process batch after its first document.

Frozen objects are still freed by reference counting; only a reference cycle that was alive when
freezing and becomes garbage later is not collected (``gc.unfreeze()`` undoes it).
"""

from __future__ import annotations

import gc

_frozen = False


def freeze_loaded() -> bool:
    """``gc.freeze()`` once per process (a forked child inherits the flag); True if it froze now.

    >>> import gc
    >>> _ = freeze_loaded(); gc.get_freeze_count() > 0, freeze_loaded()
    (True, False)
    """
    global _frozen
    if _frozen:
        return False
    _frozen = True
    gc.freeze()
    return True
