#!/usr/bin/env python3
"""The survey page in a real browser: `archcalc survey` over a few small
networks (run at batch 1 and 2, and counts only), headless Chromium loads
index.html from a file:// URL and dumps the DOM after the page's script ran.
The page must load without a console error, every chart must draw one point
per network it covers (per network and batch in the charts against batch
size), every point must link to an existing report, and the page must match
survey.json.

Usage: test_survey_page.py --archcalc BUILD/archcalc --out DIR

Exit status 0 when every check passes, 1 otherwise.
"""
import argparse
import html.parser
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_html_report import chromium, find_chromium  # noqa: E402

SOURCE = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
# Small networks, one without a published top-1 (lenet5).
NETS = ["lenet5", "alexnet", "squeezenet1_1", "mobilenet_v3_small", "shufflenet_v2_x1_0"]
WITH_TOP1 = [n for n in NETS if n != "lenet5"]

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAILED: " + what)


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.body = {}
        self.charts = {}  # id → {"points": stated, "nets": [data-net of each .pt]}
        self.links = []  # href of the <a> around points
        self._chart = None
        self._href = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.body = a
        elif tag == "svg" and "chart" in a.get("class", "").split():
            self._chart = a["id"]
            self.charts[self._chart] = {"points": int(a["data-points"]), "nets": [], "xy": []}
        elif tag == "a" and self._chart:
            self._href = a.get("href")
        elif self._chart and "pt" in a.get("class", "").split():
            self.charts[self._chart]["nets"].append(a["data-net"])
            self.charts[self._chart]["xy"].append((a.get("data-x"), a.get("data-y")))
            if self._href:
                self.links.append((a["data-net"], self._href))

    def handle_endtag(self, tag):
        if tag == "svg":
            self._chart = None
        elif tag == "a":
            self._href = None


def survey(archcalc, out, *extra):
    files = [os.path.join(SOURCE, "architectures", n + ".yaml") for n in NETS]
    r = subprocess.run([archcalc, "survey"] + files + ["-o", out] + list(extra),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    check(r.returncode == 0, "survey exits 0: " + r.stderr.decode(errors="replace"))
    with open(os.path.join(out, "survey.json")) as f:
        return json.load(f)


def load(browser, page):
    """The page's DOM after its script ran."""
    text = chromium(browser, ["--dump-dom"], "file://" + page)
    d = Page()
    d.feed(text)
    return d


def console_errors(browser, page):
    """The console's lines (Chromium logs them on stderr with --enable-logging)."""
    with tempfile.TemporaryDirectory() as profile:
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--dump-dom",
               "file://" + page]
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=180)
    return [l for l in r.stderr.decode(errors="replace").split("\n")
            if "CONSOLE" in l or "Uncaught" in l]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--archcalc", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    browser = find_chromium()
    if not browser:
        raise SystemExit("chromium could not be installed")

    # Runs at batch 1 and 2: every chart.
    out = os.path.abspath(os.path.join(args.out, "survey_run"))
    j = survey(args.archcalc, out, "--batch", "1,2", "--repeat", "1", "--warmup", "0")
    page = os.path.join(out, "index.html")
    d = load(browser, page)
    check(d.body.get("data-ready") == "1", "the page script ran to its end")
    check(d.body.get("data-errors") == "0", "no script error: %s" % d.body.get("data-errors"))
    errors = console_errors(browser, page)
    check(not errors, "no console message: %s" % errors)
    ran = [n["name"] for n in j["networks"] if len(n["runs"]) == 2]
    check(ran == NETS, "every network ran at both batches: %s" % ran)
    expect = {
        "chart-accuracy-macs": (WITH_TOP1, 1),
        "chart-accuracy-bars": (WITH_TOP1, 1),
        "chart-time-macs-1": (NETS, 1),
        "chart-time-macs-2": (NETS, 1),
        "chart-time-batch": (NETS, 2),
        "chart-memory-batch": (NETS, 2),
        "chart-accuracy-speed": (WITH_TOP1, 1),
        "chart-density": (WITH_TOP1, 1),
    }
    check(sorted(d.charts) == sorted(expect), "the charts: %s" % sorted(d.charts))
    for cid, (nets, per) in expect.items():
        c = d.charts.get(cid, {"points": -1, "nets": [], "xy": []})
        check(sorted(set(c["nets"])) == sorted(nets), "%s: a point per network: %s" % (cid, c["nets"]))
        check(len(c["nets"]) == len(nets) * per == c["points"],
              "%s: %d points (%d stated), expected %d" % (cid, len(c["nets"]), c["points"],
                                                          len(nets) * per))
    # The plotted values are survey.json's.
    by = {n["name"]: n for n in j["networks"]}
    for (net, (x, y)) in zip(d.charts["chart-accuracy-macs"]["nets"],
                             d.charts["chart-accuracy-macs"]["xy"]):
        check(int(float(x)) == by[net]["macs"] and abs(float(y) - by[net]["top1"]) < 1e-9,
              "accuracy-macs point of %s: (%s, %s)" % (net, x, y))
    for (net, (x, y)) in zip(d.charts["chart-time-macs-1"]["nets"], d.charts["chart-time-macs-1"]["xy"]):
        run = by[net]["runs"][0]
        check(abs(float(x) - by[net]["macs"] / 1e9) < 1e-6 and
              abs(float(y) - run["seconds"]["median"] * 1e3) < 1e-6 * max(1, float(y)),
              "time-macs point of %s: (%s, %s)" % (net, x, y))
    # Every point links to its network's report, which exists.
    linked = set(n for n, _ in d.links)
    check(linked == set(NETS), "points link to reports: %s" % sorted(linked))
    for net, href in d.links:
        check(href == "nets/%s.html" % net and os.path.exists(os.path.join(out, href)),
              "%s links to %s" % (net, href))
    with open(page) as f:
        text = f.read()
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", text))
    check(urls <= {"http://www.w3.org/2000/svg"}, "no external URL in the page: %s" % urls)
    check("left out of the accuracy ones): lenet5." in text, "the page names lenet5 as without top-1")

    # Counts only: the accuracy and count charts, no time charts.
    out = os.path.abspath(os.path.join(args.out, "survey_counts"))
    survey(args.archcalc, out, "--no-run")
    d = load(browser, os.path.join(out, "index.html"))
    check(d.body.get("data-ready") == "1" and d.body.get("data-errors") == "0",
          "--no-run page script ran without error")
    check(sorted(d.charts) == ["chart-accuracy-bars", "chart-accuracy-macs", "chart-density"],
          "--no-run charts: %s" % sorted(d.charts))
    check(len(d.charts["chart-accuracy-macs"]["nets"]) == len(WITH_TOP1), "--no-run bubbles")

    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
