"""The review loop, kept apart from the terminal so it can be driven by a script or a test.

A :class:`Session` walks the undecided edits of a report (documents in report
order, edits by position) and turns keys into decisions, which it hands to a
:class:`~cleaner.review.decisions.DecisionLog` at once, so quitting (or a
crash) never loses a decision already made. A :class:`UI` only shows text and
reads answers.

>>> from cleaner.edits import Edit
>>> from cleaner.review.report import Report, ReviewEdit
>>> rows = [ReviewEdit("c1", "a.txt", Edit(0, 4, "Teh ", "The ", "spelling.typo", "unsafe", 0.9, "typo"), False),
...         ReviewEdit("c2", "a.txt", Edit(9, 11, "  ", " ", "whitespace.space-run"), True)]
>>> s = Session(Report(None, [], rows), texts=lambda doc: "Teh cat a  dog")
>>> ui = ScriptedUI(["n", "y"])
>>> s.run(ui).counts()
{'accept': 1, 'reject': 1, 'undecided': 0}
>>> [(d.id, d.decision) for d in s.decided.values()]
[('c1', 'reject'), ('c2', 'accept')]
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import Callable, Iterable, Protocol, Sequence

from cleaner import worddiff
from cleaner.review.decisions import Decision, DecisionLog
from cleaner.review.report import Report, ReviewEdit

KEYS = "y,n,a,d,A,R,/,e,s,q,?"

HELP = """\
y - accept this change
n - reject this change
a - accept this and every undecided change left in this document
d - reject this and every undecided change left in this document
A - accept every undecided change of this rule (all documents)
R - reject every undecided change of this rule (all documents)
/ - search: jump to the next undecided change whose rule matches a glob
    (spin.*) or whose text, reason or document contains the words
e - edit the replacement, then accept it (\\n: line break, \\t: tab, \\\\: backslash)
s - skip: leave it undecided (it comes back on the next review)
q - quit; decisions made so far are saved
? - this help"""


class UI(Protocol):
    def show(self, text: str) -> None: ...

    def ask(self, prompt: str) -> str | None:
        """A line typed by the reviewer, or None at end of input (quits, saving)."""


@dataclass
class ScriptedUI:
    """Answers from a list (for scripts and tests); collects what was shown."""

    answers: list[str]
    shown: list[str] = field(default_factory=list)

    def show(self, text: str) -> None:
        self.shown.append(text)

    def ask(self, prompt: str) -> str | None:
        self.shown.append(prompt)
        return self.answers.pop(0) if self.answers else None


def rule_matches(rule: str, pattern: str) -> bool:
    """A rule id against a glob; a bare stage name matches all its rules.

    >>> rule_matches("spin.context", "spin.*"), rule_matches("spin.context", "spin"), rule_matches("spin.x", "spi")
    (True, True, False)
    """
    return rule == pattern or fnmatch.fnmatchcase(rule, pattern) or rule.startswith(pattern + ".")


def unescape(typed: str) -> str:
    r"""What the reviewer typed, with \n, \t and \\ turned into the characters.

    >>> unescape(r"a\nb\\n\tc")
    'a\nb\\n\tc'
    """
    out, i = [], 0
    while i < len(typed):
        c = typed[i]
        if c == "\\" and i + 1 < len(typed) and typed[i + 1] in "nt\\":
            out.append({"n": "\n", "t": "\t", "\\": "\\"}[typed[i + 1]])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def escape(text: str) -> str:
    r"""The inverse of :func:`unescape`, to show a replacement on one line.

    >>> escape("a\nb\\c")
    'a\\nb\\\\c'
    """
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def by_flags(rows: Iterable[ReviewEdit], accept_rules: Sequence[str] = (), reject_rules: Sequence[str] = (),
             accept_safe: bool = False, accept_all: bool = False, reject_all: bool = False) -> list[Decision]:
    """Decisions for ``rows`` from command-line flags; rows no flag covers stay undecided.

    Precedence: --reject-rule, --accept-rule, --accept-safe, --accept-all, --reject-all
    (so ``--accept-safe --reject-all`` accepts safe edits and rejects the rest).

    >>> from cleaner.edits import Edit
    >>> rows = [ReviewEdit("1", "d", Edit(0, 1, "a", "b", "spin.context", "unsafe"), False),
    ...         ReviewEdit("2", "d", Edit(2, 3, "c", "d", "whitespace.x"), True)]
    >>> [(d.id, d.decision) for d in by_flags(rows, accept_safe=True, reject_all=True)]
    [('1', 'reject'), ('2', 'accept')]
    >>> [(d.id, d.decision) for d in by_flags(rows, reject_rules=["spin"])]
    [('1', 'reject')]
    """
    out = []
    for r in rows:
        verdict = None
        if any(rule_matches(r.rule, p) for p in reject_rules):
            verdict = "reject"
        elif any(rule_matches(r.rule, p) for p in accept_rules):
            verdict = "accept"
        elif accept_safe and r.safety == "safe":
            verdict = "accept"
        elif accept_all:
            verdict = "accept"
        elif reject_all:
            verdict = "reject"
        if verdict:
            out.append(Decision(r.id, r.doc, verdict, rule=r.rule))
    return out


@dataclass
class Outcome:
    accepted: int = 0
    rejected: int = 0
    undecided: int = 0
    quit: bool = False

    def counts(self) -> dict[str, int]:
        return {"accept": self.accepted, "reject": self.rejected, "undecided": self.undecided}


class Session:
    """The undecided edits of a report and the keys that decide them."""

    def __init__(self, report: Report, decided: dict[str, Decision] | None = None, log: DecisionLog | None = None,
                 texts: Callable[[str], str | None] = lambda doc: None, context: int = worddiff.CONTEXT_CHARS,
                 color: bool = False):
        self.report = report
        self.decided: dict[str, Decision] = dict(decided or {})
        self.log = log
        self.texts = texts
        self.context = context
        self.color = color
        order = {d.doc: i for i, d in enumerate(report.docs)}
        rows = sorted(report.edits, key=lambda r: (order.get(r.doc, len(order)), r.doc, r.edit.start, r.edit.end))
        self.queue: list[ReviewEdit] = [r for r in rows if r.id not in self.decided]
        self.pos = 0
        self.outcome = Outcome()
        self._text_cache: tuple[str, str | None] | None = None

    # -- state -------------------------------------------------------------------------------

    def undecided(self, rows: Iterable[ReviewEdit] | None = None) -> list[ReviewEdit]:
        return [r for r in (self.queue if rows is None else rows) if r.id not in self.decided]

    def current(self) -> ReviewEdit | None:
        """The edit under the cursor, moving past edits decided in bulk since."""
        while self.pos < len(self.queue) and self.queue[self.pos].id in self.decided:
            self.pos += 1
        return self.queue[self.pos] if self.pos < len(self.queue) else None

    def decide(self, rows: Sequence[ReviewEdit], verdict: str, replacement: str | None = None) -> int:
        new = [Decision(r.id, r.doc, verdict, replacement, r.rule) for r in rows if r.id not in self.decided]
        if self.log is not None:
            self.log.record_many(new)  # saved before the next question
        for d in new:
            self.decided[d.id] = d
        if verdict == "accept":
            self.outcome.accepted += len(new)
        else:
            self.outcome.rejected += len(new)
        return len(new)

    def search(self, query: str) -> ReviewEdit | None:
        """The next undecided edit after the cursor (wrapping) that matches ``query``."""
        q = query.strip()
        if not q:
            return None
        words = q.casefold()
        n = len(self.queue)
        for k in range(1, n + 1):
            i = (self.pos + k) % n
            r = self.queue[i]
            if r.id in self.decided:
                continue
            e = r.edit
            if rule_matches(r.rule, q) or any(words in s.casefold() for s in (e.before, e.after, e.reason, r.doc)):
                self.pos = i
                return r
        return None

    # -- display -----------------------------------------------------------------------------

    def _text(self, doc: str) -> str | None:
        if self._text_cache is None or self._text_cache[0] != doc:
            self._text_cache = (doc, self.texts(doc))
        return self._text_cache[1]

    def render(self, r: ReviewEdit) -> str:
        e = r.edit
        left = self.undecided([x for x in self.queue if x.doc == r.doc])
        total = len(self.undecided())
        status = "applied by clean" if r.applied else "suggested only"
        head = (f"── {r.doc}  ({len(left)} undecided in this document, {total} in all)\n"
                f"{e.rule}  [{e.safety}, confidence {e.confidence:.2f}, {status}]  id {r.id}\n"
                f"reason: {e.reason or '-'}")
        text = self._text(r.doc)
        if text is not None and text[e.start:e.end] == e.before:
            line = text.count("\n", 0, e.start) + 1
            body = f"@@ line {line} @@\n" + worddiff.render_hunk(text, [e], self.context, self.color)
        else:
            red, green, reset = ("\x1b[31m", "\x1b[32m", "\x1b[0m") if self.color else ("", "", "")
            body = (f"(no context: source not available or changed)\n"
                    f"{red}[-{worddiff._visible(e.before)}-]{reset}{green}{{+{worddiff._visible(e.after)}+}}{reset}")
        return f"{head}\n{body}"

    # -- the loop ----------------------------------------------------------------------------

    def handle(self, key: str, ui: UI) -> bool:
        """Act on one answer for the current edit; False when the reviewer quits."""
        r = self.current()
        if r is None:
            return False
        same_doc = [x for x in self.queue if x.doc == r.doc]
        if key == "y":
            self.decide([r], "accept")
        elif key == "n":
            self.decide([r], "reject")
        elif key in ("a", "d"):
            n = self.decide(self.undecided(same_doc), "accept" if key == "a" else "reject")
            ui.show(f"{'accepted' if key == 'a' else 'rejected'} {n} change(s) in {r.doc}")
        elif key in ("A", "R"):
            rows = self.undecided([x for x in self.queue if x.rule == r.rule])
            n = self.decide(rows, "accept" if key == "A" else "reject")
            ui.show(f"{'accepted' if key == 'A' else 'rejected'} {n} change(s) of rule {r.rule}")
        elif key == "s":
            self.pos += 1
        elif key == "/":
            query = ui.ask("search (rule glob or text): ")
            if query is None:
                return False
            if self.search(query) is None:
                ui.show(f"no undecided change matches {query.strip()!r}")
        elif key == "e":
            typed = ui.ask(f"replacement for [{escape(r.edit.before)}] (now [{escape(r.edit.after)}]; "
                           "empty line cancels): ")
            if typed is None:
                return False
            if typed == "":
                ui.show("edit cancelled")
            else:
                new = unescape(typed)
                if new == r.edit.before:
                    self.decide([r], "reject")
                    ui.show("replacement equals the original text: change rejected")
                else:
                    self.decide([r], "accept", None if new == r.edit.after else new)
        elif key == "q":
            return False
        else:
            ui.show(HELP)
        return True

    def run(self, ui: UI) -> Outcome:
        while (r := self.current()) is not None:
            ui.show(self.render(r))
            answer = ui.ask(f"Accept this change [{KEYS}]? ")
            if answer is None or not self.handle(answer.strip()[:1], ui):
                self.outcome.quit = True
                break
        self.outcome.undecided = len(self.undecided())
        return self.outcome
