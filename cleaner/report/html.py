"""The HTML report: an index (per-rule counts, most-changed documents first) and a page per document.

Pages are static and self-contained (inline CSS, a few lines of JS for the rule filter),
so the report folder can be opened from disk or zipped and mailed. The rule filter
lives in the URL (``index.html#rule=spin.context``, or a stage: ``#rule=spin``), so a
filtered view can be linked, and links from a filtered index open filtered pages.

>>> from cleaner.edits import Edit
>>> from cleaner.io import Document
>>> from cleaner.pipeline import Result
>>> e = Edit(4, 6, "  ", " ", "whitespace.space-run", reason="run of spaces")
>>> page = document_page(Document("a.txt", "The  cat"), Result("The  cat", "The cat", (e,)),
...                      {"applied": 1, "suggested": 0})
>>> "data-rule='whitespace.space-run'" in page and "<del>  </del><ins> </ins>" in page
True
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
.unsafe del,.unsafe ins{outline:1px dashed #c80}.suggested ins{background:#ffe9b3;color:#630}
.text{white-space:pre-wrap;border:1px solid #ddd;padding:1em;background:#fcfcfc}
.edit{cursor:help}
.edit.hidden-rule del,.edit.hidden-rule ins{background:none;color:inherit;outline:none;text-decoration:none}
.edit.hidden-rule.applied del,.edit.hidden-rule.suggested ins{display:none}
tr.selected td{background:#eef4ff}
.meta,.legend{color:#666}.filter{margin:.5em 0}#shown{margin-left:1em;color:#444}
"""

# The filter: read `#rule=...` on load and on every change; a stage name matches all its rules.
FILTER_JS = """
function ruleMatch(rule,r){return r===''||rule===r||rule.indexOf(r+'.')===0;}
function currentRule(){var m=location.hash.match(/rule=([^&]*)/);return m?decodeURIComponent(m[1]):'';}
function setRule(r){location.hash=r?'rule='+encodeURIComponent(r):'';}
function applyRule(){
 var r=currentRule(),sel=document.getElementById('rule-filter');if(sel){sel.value=r;}
 var shown=0,total=0;
 document.querySelectorAll('.edit').forEach(function(e){e.classList.toggle('hidden-rule',!ruleMatch(e.dataset.rule,r));});
 document.querySelectorAll('tr.edit-row').forEach(function(t){var on=ruleMatch(t.dataset.rule,r);
  t.style.display=on?'':'none';total++;if(on){shown++;}});
 document.querySelectorAll('tr.rule-row').forEach(function(t){t.classList.toggle('selected',r!==''&&ruleMatch(t.dataset.rule,r));});
 document.querySelectorAll('tr.doc-row').forEach(function(t){
  var on=r===''||t.dataset.rules.split(' ').some(function(x){return ruleMatch(x,r);});
  t.style.display=on?'':'none';total++;if(on){shown++;}
  var a=t.querySelector('a');if(a){a.href=a.dataset.page+(r?'#rule='+encodeURIComponent(r):'');}});
 var s=document.getElementById('shown');
 if(s){s.textContent=shown+' of '+total+' '+s.dataset.noun+' shown'+(r?' (rule '+r+')':'');}
}
window.addEventListener('hashchange',applyRule);
document.addEventListener('DOMContentLoaded',applyRule);
"""


def _page(title: str, body: str) -> str:
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{escape(title)}</title>"
            f"<style>{CSS}</style><script>{FILTER_JS}</script></head><body>{body}</body></html>\n")


def _filter(rules: Sequence[str], noun: str) -> str:
    stages = sorted({r.split(".", 1)[0] for r in rules} - set(rules))
    options = "".join(f"<option value='{escape(s)}'>{escape(s)}.* (stage)</option>" for s in stages)
    options += "".join(f"<option value='{escape(r)}'>{escape(r)}</option>" for r in rules)
    return ("<div class=filter><label>Rule: <select id=rule-filter onchange='setRule(this.value)'>"
            f"<option value=''>all</option>{options}</select></label>"
            f"<span id=shown data-noun='{noun}'></span></div>")


def index_page(summary: dict[str, Any], records: Sequence[dict[str, Any]]) -> str:
    rules = list(summary["rules"])
    rows = "".join(
        f"<tr class=rule-row data-rule='{escape(rule)}'><td><a href='#rule={escape(rule)}'><code>{escape(rule)}"
        f"</code></a></td><td class=n>{c['applied']}</td><td class=n>{c['suggested']}</td>"
        f"<td class=n>{c['documents']}</td><td class=n>{c['safe']}</td><td class=n>{c['unsafe']}</td></tr>"
        for rule, c in summary["rules"].items())
    # The documents that changed most first: over-cleaning shows up at the top.
    ranked = sorted(records, key=lambda r: (-(r["changed_chars"] / max(r["chars"], 1)), -r["applied"],
                                            -r["suggested"], str(r["doc"])))
    docs = "".join(
        f"<tr class=doc-row data-rules='{escape(' '.join(_doc_rules(r)))}'><td>{_link(r)}</td>"
        f"<td class=n>{r['applied']}</td><td class=n>{r['suggested']}</td>"
        f"<td class=n>{100 * r['changed_chars'] / max(r['chars'], 1):.1f}%</td>"
        f"<td>{escape(', '.join(_doc_rules(r)))}</td></tr>"
        for r in ranked)
    errors = "".join(f"<li><code>{escape(str(e['doc']))}</code>: {escape(e['error'])}</li>" for e in summary["errors"])
    body = (
        "<h1>cleaner report</h1>"
        f"<p id=totals>{summary['documents']} documents, {summary['changed']} changed, "
        f"{summary['edits_applied']} edits applied, {summary['suggestions']} suggested, "
        f"{summary['failed']} failed.</p>"
        + _filter(rules, "documents")
        + "<h2>Rules</h2><table id=rules><tr><th>rule</th><th>applied</th><th>suggested</th><th>documents</th>"
        f"<th>safe</th><th>unsafe</th></tr>{rows}</table>"
        "<h2>Documents, most changed first</h2>"
        "<p class=legend>changed: share of the document's characters that the applied edits touch.</p>"
        "<table id=documents><tr><th>document</th><th>applied</th>"
        f"<th>suggested</th><th>changed</th><th>rules</th></tr>{docs}</table>"
        + (f"<h2>Failed items</h2><ul id=errors>{errors}</ul>" if errors else "")
    )
    return _page("cleaner report", body)


def _doc_rules(r: dict[str, Any]) -> list[str]:
    return sorted(set(r.get("rules") or {}) | set(r.get("suggested_rules") or {}))


def _link(r: dict[str, Any]) -> str:
    name = escape(str(r["doc"]))
    if not r.get("page"):
        return name
    page = escape(r["page"])
    return f"<a href='{page}' data-page='{page}'>{name}</a>"


def document_page(doc: Document, result: Result, record: dict[str, Any]) -> str:
    text = result.original
    applied = set(result.edits)
    edits = sort_edits(result.all_edits())
    parts: list[str] = []
    pos = 0
    for e in edits:
        parts.append(escape(text[pos:e.start]))
        status = "applied" if e in applied else "suggested"
        tip = escape(f"{e.rule} ({e.safety}, {status}, confidence {e.confidence:.2f}): {e.reason}", quote=True)
        inner = ((f"<del>{escape(e.before)}</del>" if e.before else "")
                 + (f"<ins>{escape(e.after)}</ins>" if e.after else ""))
        parts.append(f"<span class='edit {e.safety} {status}' id='c-{e.change_id(doc.id)}' "
                     f"data-rule='{escape(e.rule)}' title='{tip}'>{inner}</span>")
        pos = e.end
    parts.append(escape(text[pos:]))
    rules = sorted({e.rule for e in edits})
    table = "".join(
        f"<tr class=edit-row data-rule='{escape(e.rule)}'><td><a href='#c-{e.change_id(doc.id)}'>"
        f"<code>{escape(e.change_id(doc.id))}</code></a></td><td><code>{escape(e.rule)}</code></td>"
        f"<td>{e.safety}</td><td>{'applied' if e in applied else 'suggested'}</td>"
        f"<td class=n>{e.confidence:.2f}</td><td><del>{escape(e.before)}</del></td>"
        f"<td><ins>{escape(e.after)}</ins></td><td>{escape(e.reason)}</td></tr>"
        for e in edits)
    scores = ", ".join(f"{escape(k)}={escape(str(v))}" for k, v in record.get("scores", {}).items())
    body = (
        f"<p><a href='../index.html'>← index</a></p><h1>{escape(str(doc.id))}</h1>"
        f"<p class=meta>{record['applied']} applied, {record['suggested']} suggested. {scores}</p>"
        "<p class=legend><del>removed</del> <ins>inserted</ins> (applied); "
        "<span class=suggested><ins>suggested</ins></span> (unsafe, not applied by default); "
        "hover a change for its rule and reason.</p>"
        + _filter(rules, "edits")
        + f"<div class=text>{''.join(parts)}</div>"
        "<h2>Edits</h2><table id=edits><tr><th>id</th><th>rule</th><th>safety</th><th>status</th>"
        f"<th>confidence</th><th>before</th><th>after</th><th>reason</th></tr>{table}</table>"
    )
    return _page(str(doc.id), body)
