"""The HTML report: an index (per-rule counts, most-changed documents first) and a page per document.

Pages are static and self-contained (inline CSS, a few lines of JS for the rule filter),
so the report folder can be opened from disk or zipped and mailed.
"""

from __future__ import annotations

from html import escape
from typing import Any, Sequence

from cleaner.edits import sort_edits
from cleaner.io import Document
from cleaner.pipeline import Result

CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}
th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
del{background:#fdd;color:#900;text-decoration:line-through}ins{background:#dfd;color:#060;text-decoration:none}
.unsafe del,.unsafe ins{outline:1px dashed #c80}.suggested{opacity:.75}
.text{white-space:pre-wrap;border:1px solid #ddd;padding:1em;background:#fcfcfc}
.edit{cursor:help}.hidden-rule del,.hidden-rule ins{background:none;color:inherit;outline:none}
.hidden-rule del{display:none}
.meta{color:#666}
"""

FILTER_JS = """
function filterRule(sel){var r=sel.value;document.querySelectorAll('.edit').forEach(function(e){
e.classList.toggle('hidden-rule', r!=='' && e.dataset.rule!==r);});
document.querySelectorAll('tr.edit-row').forEach(function(t){t.style.display=(r===''||t.dataset.rule===r)?'':'none';});}
"""


def _page(title: str, body: str) -> str:
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{escape(title)}</title>"
            f"<style>{CSS}</style><script>{FILTER_JS}</script></head><body>{body}</body></html>\n")


def index_page(summary: dict[str, Any], records: Sequence[dict[str, Any]]) -> str:
    rows = "".join(
        f"<tr data-rule='{escape(rule)}'><td><code>{escape(rule)}</code></td><td class=n>{c['applied']}</td>"
        f"<td class=n>{c['suggested']}</td><td class=n>{c['documents']}</td><td class=n>{c['safe']}</td>"
        f"<td class=n>{c['unsafe']}</td></tr>"
        for rule, c in summary["rules"].items())
    # The documents that changed most first: over-cleaning shows up at the top.
    ranked = sorted(records, key=lambda r: (-(r["changed_chars"] / max(r["chars"], 1)), -r["applied"], r["doc"]))
    docs = "".join(
        f"<tr><td>{_link(r)}</td><td class=n>{r['applied']}</td><td class=n>{r['suggested']}</td>"
        f"<td class=n>{100 * r['changed_chars'] / max(r['chars'], 1):.1f}%</td></tr>"
        for r in ranked)
    errors = "".join(f"<li><code>{escape(str(e['doc']))}</code>: {escape(e['error'])}</li>" for e in summary["errors"])
    body = (
        "<h1>cleaner report</h1>"
        f"<p id=totals>{summary['documents']} documents, {summary['changed']} changed, "
        f"{summary['edits_applied']} edits applied, {summary['suggestions']} suggested, "
        f"{summary['failed']} failed.</p>"
        "<h2>Rules</h2><table id=rules><tr><th>rule</th><th>applied</th><th>suggested</th><th>documents</th>"
        f"<th>safe</th><th>unsafe</th></tr>{rows}</table>"
        "<h2>Documents, most changed first</h2><table id=documents><tr><th>document</th><th>applied</th>"
        f"<th>suggested</th><th>changed</th></tr>{docs}</table>"
        + (f"<h2>Failed items</h2><ul id=errors>{errors}</ul>" if errors else "")
    )
    return _page("cleaner report", body)


def _link(r: dict[str, Any]) -> str:
    name = escape(str(r["doc"]))
    return f"<a href='{escape(r['page'])}'>{name}</a>" if r.get("page") else name


def document_page(doc: Document, result: Result, record: dict[str, Any]) -> str:
    text = result.original
    applied = set(result.edits)
    edits = sort_edits(result.all_edits())
    parts: list[str] = []
    pos = 0
    for e in edits:
        parts.append(escape(text[pos:e.start]))
        cls = "edit " + e.safety + ("" if e in applied else " suggested")
        tip = escape(f"{e.rule} ({e.safety}, {e.confidence:.2f}): {e.reason}", quote=True)
        inner = (f"<del>{escape(e.before)}</del>" if e.before else "") + (f"<ins>{escape(e.after)}</ins>" if e.after else "")
        parts.append(f"<span class='{cls}' data-rule='{escape(e.rule)}' title='{tip}'>{inner}</span>")
        pos = e.end
    parts.append(escape(text[pos:]))
    rules = sorted({e.rule for e in edits})
    options = "".join(f"<option value='{escape(r)}'>{escape(r)}</option>" for r in rules)
    table = "".join(
        f"<tr class=edit-row data-rule='{escape(e.rule)}'><td><code>{escape(e.rule)}</code></td><td>{e.safety}</td>"
        f"<td>{'applied' if e in applied else 'suggested'}</td><td><del>{escape(e.before)}</del></td>"
        f"<td><ins>{escape(e.after)}</ins></td><td>{escape(e.reason)}</td></tr>"
        for e in edits)
    scores = ", ".join(f"{escape(k)}={escape(str(v))}" for k, v in record.get("scores", {}).items())
    body = (
        f"<p><a href='../index.html'>← index</a></p><h1>{escape(str(doc.id))}</h1>"
        f"<p class=meta>{record['applied']} applied, {record['suggested']} suggested. {scores}</p>"
        f"<label>Rule: <select onchange='filterRule(this)'><option value=''>all</option>{options}</select></label>"
        f"<div class=text>{''.join(parts)}</div>"
        "<h2>Edits</h2><table><tr><th>rule</th><th>safety</th><th>status</th><th>before</th><th>after</th>"
        f"<th>reason</th></tr>{table}</table>"
    )
    return _page(str(doc.id), body)
