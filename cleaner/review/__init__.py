"""Review a report's edits, record decisions, and apply exactly the accepted ones.

* :mod:`cleaner.review.report` reads a report folder (``edits.jsonl``, ``documents.jsonl``);
* :mod:`cleaner.review.decisions` keeps the decisions file (append-only JSONL);
* :mod:`cleaner.review.session` is the interactive loop (terminal I/O kept apart);
* :mod:`cleaner.review.apply` writes the cleaned files from the decisions.
"""

from cleaner.review.decisions import Decision, DecisionLog, load_decisions
from cleaner.review.report import Report, ReviewEdit, find_report, load_report

__all__ = ["Decision", "DecisionLog", "Report", "ReviewEdit", "find_report", "load_decisions", "load_report"]
