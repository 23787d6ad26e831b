"""The HTML report in a real headless browser (Debian chromium): counts, highlighted changes, the rule filter.

The report is served from a local http.server; chromium's --dump-dom gives the DOM after the page's
JS ran. Visibility is checked by a probe page (same origin) that loads a report page in an iframe and
writes computed styles and box sizes into its own DOM. Screenshots land in the test's tmp folder.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from tests.test_review import cleaner

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="chromium is not installed (.ci/run installs it)")

PROBE = """<!doctype html><meta charset=utf-8><body><pre id=result>pending</pre>
<iframe id=f src="%s" width=1200 height=900></iframe>
<script>
document.getElementById('f').addEventListener('load', function () {
  setTimeout(function () {
    var d = document.getElementById('f').contentDocument, out = [];
    d.querySelectorAll('.edit').forEach(function (e) {
      var ins = e.querySelector('ins'), del = e.querySelector('del');
      function vis(x) { if (!x) return null; var s = getComputedStyle(x), r = x.getBoundingClientRect();
        return {display: s.display, bg: s.backgroundColor, w: r.width, text: x.textContent}; }
      out.push({rule: e.dataset.rule, cls: e.className, ins: vis(ins), del: vis(del)});
    });
    document.getElementById('result').textContent = JSON.stringify(out);
  }, 200);
});
</script>"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "out"
    r = cleaner("clean", "seeds", "-o", str(out), "-q")
    assert r.returncode == 0, r.stderr
    report = out / "cleaner-report"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(report))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield report, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def chromium(tmp: Path, url: str, *extra: str) -> str:
    cmd = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", f"--user-data-dir={tmp / 'profile'}", "--virtual-time-budget=5000",
           *extra, url]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


def dom(tmp: Path, url: str) -> str:
    return chromium(tmp, url, "--dump-dom")


def text_of(page: str, element_id: str) -> str:
    m = re.search(rf'id="{element_id}"[^>]*>(.*?)</', page, re.S)
    assert m, element_id
    return html.unescape(m.group(1))


def rule_rows(page: str) -> dict[str, list[int]]:
    rows = {}
    for rule, cells in re.findall(r'<tr class="rule-row[^"]*" data-rule="([^"]+)">(.*?)</tr>', page, re.S):
        rows[rule] = [int(n) for n in re.findall(r'<td class="n">(\d+)</td>', cells)]
    return rows


def test_index_counts_and_rule_filter(served, tmp_path):
    report, base = served
    summary = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    page = dom(tmp_path, base + "/index.html")
    assert text_of(page, "totals").startswith(f"{summary['documents']} documents, {summary['changed']} changed, "
                                              f"{summary['edits_applied']} edits applied, "
                                              f"{summary['suggestions']} suggested")
    want = {r: [c["applied"], c["suggested"], c["documents"], c["safe"], c["unsafe"]]
            for r, c in summary["rules"].items()}
    assert rule_rows(page) == want and any(v[4] for v in want.values())
    assert text_of(page, "shown") == f"{summary['documents']} of {summary['documents']} documents shown"
    # Most changed first: the changed-share column is sorted, largest first.
    shares = [float(s) for s in re.findall(r'<td class="n">([\d.]+)%</td>', page)]
    assert shares == sorted(shares, reverse=True) and len(shares) == summary["documents"]

    # The filter from the URL: only documents with that rule, the rule row marked, links keep the filter.
    rule = next(r for r, c in summary["rules"].items() if c["unsafe"])
    page = dom(tmp_path, base + f"/index.html#rule={rule}")
    n = summary["rules"][rule]["documents"]
    assert text_of(page, "shown") == f"{n} of {summary['documents']} documents shown (rule {rule})"
    rows = re.findall(r'<tr class="doc-row" data-rules="([^"]*)"( style="display: none;")?>.*?href="([^"]*)"',
                      page, re.S)
    assert len(rows) == summary["changed"]
    for rules, hidden, href in rows:
        assert bool(hidden) == (rule not in rules.split())
        if not hidden:
            assert href.endswith(f"#rule={rule}")
    assert re.search(rf'<tr class="rule-row selected" data-rule="{re.escape(rule)}">', page)
    chromium(tmp_path, base + f"/index.html#rule={rule}", f"--screenshot={tmp_path / 'index.png'}",
             "--window-size=1200,900")
    assert (tmp_path / "index.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_document_page_highlights_changes_and_filters(served, tmp_path):
    report, base = served
    docs = [json.loads(line) for line in (report / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    doc = max(docs, key=lambda d: d["suggested"])
    edits = [json.loads(line) for line in (report / "edits.jsonl").read_text(encoding="utf-8").splitlines()]
    mine = [e for e in edits if e["doc"] == doc["doc"]]
    (report / "probe.html").write_text(PROBE % doc["page"], encoding="utf-8")

    seen = json.loads(text_of(dom(tmp_path, base + "/probe.html"), "result"))
    assert len(seen) == len(mine)
    by_after = {}
    for s in seen:
        for part in ("ins", "del"):
            if s[part]:  # every change is on screen, with a coloured background
                assert s[part]["display"] != "none" and s[part]["w"] > 0
                assert s[part]["bg"] not in ("rgba(0, 0, 0, 0)", "transparent")
        if s["ins"]:
            by_after.setdefault(s["ins"]["text"], s)
    applied = next(e for e in mine if e["applied"] and e["after"])
    assert "applied" in by_after[applied["after"]]["cls"]
    suggested = next(e for e in mine if not e["applied"] and e["after"])
    assert "suggested" in by_after[suggested["after"]]["cls"]

    # Filtered to one rule: the other rules' changes show as the text they leave, unhighlighted.
    rule = suggested["rule"]
    # A new file name: the same profile would revalidate probe.html by second-granular mtime and
    # could get a 304 for the unfiltered probe written in the same second.
    (report / "probe-filtered.html").write_text(PROBE % (doc["page"] + f"#rule={rule}"), encoding="utf-8")
    seen = json.loads(text_of(dom(tmp_path, base + "/probe-filtered.html"), "result"))
    for s in seen:
        if s["rule"] == rule:
            assert s["ins"]["display"] != "none" and s["ins"]["bg"] != "rgba(0, 0, 0, 0)"
        else:
            assert "hidden-rule" in s["cls"]
            gone = s["del"] if "applied" in s["cls"] else s["ins"]
            kept = s["ins"] if "applied" in s["cls"] else s["del"]
            assert gone is None or gone["display"] == "none"
            assert kept is None or kept["bg"] == "rgba(0, 0, 0, 0)"
    page = dom(tmp_path, base + "/" + doc["page"] + f"#rule={rule}")
    n = sum(1 for e in mine if e["rule"] == rule)
    assert text_of(page, "shown") == f"{n} of {len(mine)} edits shown (rule {rule})"
    chromium(tmp_path, base + "/" + doc["page"], f"--screenshot={tmp_path / 'doc.png'}", "--window-size=1200,900")
    assert (tmp_path / "doc.png").stat().st_size > 10_000
