#!/usr/bin/env python3
"""The HTML report in a real browser: headless Chromium loads the page from a
file:// URL, runs its script, and dumps the DOM; the table, the totals and the
charts must hold the exact figures, sorting and folding (driven through the
URL fragment) must reorder and hide the right rows, and a screenshot is taken.

Usage: test_html_report.py --archcalc BUILD/archcalc --out DIR

Installs Debian's chromium when it is missing (as root, or through sudo).
Exit status 0 when every check passes, 1 otherwise.
"""
import argparse
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SOURCE = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

# Published figures the page must show exactly (torchvision vgg16; Caffe bvlc_googlenet).
VGG16_MACS, VGG16_PARAMS = 15_470_264_320, 138_357_544
VGG16_ACTIVATION_BYTES = 114_607_936  # 28,651,984 output elements × 4 bytes
VGG16_PEAK_BYTES = 25_690_112  # conv1_1's and its ReLU's outputs, 2 × 64×224×224 × 4 bytes
GOOGLENET_MACS, GOOGLENET_PARAMS = 1_582_671_872, 6_998_552

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAILED: " + what)


def find_chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    print("chromium is missing: installing Debian's chromium", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"]
    if subprocess.run(install, env=env).returncode != 0:
        subprocess.run(sudo + ["apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(install, env=env, check=True)
    return shutil.which("chromium")


def chromium(browser, args, url):
    with tempfile.TemporaryDirectory() as profile:
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--user-data-dir=" + profile] + args + [url]
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=180)
        if r.returncode != 0:
            sys.stderr.write(r.stderr.decode(errors="replace"))
            raise SystemExit("chromium failed with exit status %d" % r.returncode)
        return r.stdout.decode()


class Dom(html.parser.HTMLParser):
    """The parts of the dumped page the checks read."""

    def __init__(self):
        super().__init__()
        self.rows = []  # <tr> of the layer table's body: attributes, hidden, cells by data-col
        self.totals = {}  # id → (data-v, text)
        self.charts = {}  # data-metric → {"rows": ..., "bars": [(name, value)]}
        self.headers = {}  # data-key → class
        self.body = {}
        self.svgs = 0  # inline SVGs besides the liveness timeline: the diagram
        self.timelines = 0
        self.viewbox = None  # the diagram's viewBox after the script ran
        self.nodes = {}  # SVG node id → {"class": ..., "figures": ...}
        self.liveness = {}  # attributes of the liveness figure
        self._in_table = self._in_tbody = False
        self._cell = None
        self._text = ""
        self._chart = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.body = a
        elif tag == "svg" and "timeline" in a.get("class", "").split():
            self.timelines += 1
        elif tag == "svg":
            self.svgs += 1
            if self.svgs == 1 and "viewbox" in a:
                self.viewbox = [float(v) for v in a["viewbox"].split()]
        elif tag == "g" and "node" in a.get("class", "").split():
            self.nodes[a.get("id")] = {"class": a.get("class"), "figures": a.get("data-figures")}
        elif tag == "figure" and a.get("id") == "liveness":
            self.liveness = a
        elif tag == "table" and a.get("id") == "layer-table":
            self._in_table = True
        elif tag == "tbody" and self._in_table:
            self._in_tbody = True
        elif tag == "tr" and self._in_tbody:
            self.rows.append({"attrs": a, "hidden": "hidden" in a, "cells": {}})
        elif tag == "td" and self._in_tbody and "data-col" in a:
            self.rows[-1]["cells"][a["data-col"]] = a.get("data-v")
        elif tag == "td" and a.get("id", "").startswith("total-"):
            self._cell, self._text = a["id"], ""
            self.totals[a["id"]] = [a.get("data-v"), ""]
        elif tag == "th" and "data-key" in a:
            self.headers[a["data-key"]] = a.get("class", "")
        elif tag == "figure" and "chart" in a.get("class", "").split() and "data-metric" in a:
            self._chart = a["data-metric"]
            self.charts[self._chart] = {"rows": a.get("data-rows"), "bars": []}
        elif tag == "div" and a.get("class") == "bar" and self._chart:
            self.charts[self._chart]["bars"].append((a["data-name"], a["data-value"]))

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_tbody = False
        elif tag == "table":
            self._in_table = False
        elif tag == "td" and self._cell:
            self.totals[self._cell][1] = self._text
            self._cell = None
        elif tag == "figure":
            self._chart = None

    def handle_data(self, data):
        if self._cell:
            self._text += data


def dom(browser, page, fragment=""):
    d = Dom()
    d.feed(chromium(browser, ["--dump-dom"], "file://" + page + fragment))
    check(d.body.get("data-ready") == "1", page + fragment + ": the page script ran to its end")
    return d


def total_of(bars):
    return sum(int(v) for _, v in bars)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--archcalc", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    browser = find_chromium()
    if not browser:
        raise SystemExit("chromium could not be installed")

    def report(name, *extra, page_name=None):
        page = os.path.abspath(os.path.join(args.out, (page_name or name) + ".html"))
        src = os.path.join(SOURCE, "architectures", name + ".yaml")
        subprocess.run([args.archcalc, "report", src, "--format", "html", "-o", page] + list(extra),
                       check=True)
        return page

    # VGG-16: no blocks, 40 rows (the input and 39 layers).
    vgg = report("vgg16")
    d = dom(browser, vgg)
    check(d.totals.get("total-macs") == [str(VGG16_MACS), "15,470,264,320"], "VGG-16 total MACs")
    check(d.totals.get("total-params") == [str(VGG16_PARAMS), "138,357,544"], "VGG-16 params")
    check(len(d.rows) == 40, "VGG-16 has 40 rows, got %d" % len(d.rows))
    check(not any(r["hidden"] for r in d.rows), "VGG-16: no row hidden")
    check(d.svgs == 1, "VGG-16: one inline SVG diagram, got %d" % d.svgs)
    check(d.timelines == 1, "VGG-16: one liveness timeline, got %d" % d.timelines)
    check(set(d.charts) == {"macs", "params", "activation_bytes"}, "VGG-16: three charts")
    # Bars leave out zeros: MACs and params only for the 13 convolutions and 3 fc layers.
    macs = d.charts.get("macs", {"bars": []})["bars"]
    check(len(macs) == 16, "VGG-16 MACs chart has 16 bars (no zeros), got %d" % len(macs))
    check(("conv1_2", "1849688064") in macs, "VGG-16 conv1_2 bar: 1,849,688,064 MACs")
    check(total_of(macs) == VGG16_MACS, "VGG-16 MACs bars sum to the total")
    check(len(d.charts["params"]["bars"]) == 16, "VGG-16 params chart has 16 bars")
    check(total_of(d.charts["params"]["bars"]) == VGG16_PARAMS, "VGG-16 params bars sum")
    check(len(d.charts["activation_bytes"]["bars"]) == 39, "VGG-16: every layer has an output")
    check(total_of(d.charts["activation_bytes"]["bars"]) == VGG16_ACTIVATION_BYTES,
          "VGG-16 activation bars sum to 114,607,936 bytes")
    # The liveness timeline: 40 steps (the input and 39 layers), the peak at conv1_1's ReLU.
    check(d.liveness.get("data-peak-bytes") == str(VGG16_PEAK_BYTES) and
          d.liveness.get("data-peak-layer") == "conv1_1_relu" and
          d.liveness.get("data-peak-step") == "2" and d.liveness.get("data-steps") == "40",
          "VGG-16 liveness: peak 25,690,112 bytes at step 2, conv1_1_relu: %s" % d.liveness)
    check(d.totals.get("total-peak-activations", [None])[0] == str(VGG16_PEAK_BYTES // 4),
          "VGG-16 totals: peak activations 6,422,528 elements")
    # Hovering a node shows its figures; the node carries them.
    node = d.nodes.get("n:conv1_2", {})
    check(node.get("figures") == "conv1_2 · conv 3×3 · 64×224×224 · 36,928 params · "
          "1,849,688,064 MACs · 11.96% of MACs · 12,845,056 activation bytes",
          "VGG-16 conv1_2 node figures: %s" % node.get("figures"))
    # The page needs nothing from the network: only SVG namespace URIs.
    with open(vgg) as f:
        text = f.read()
    urls = set(u for u in re.findall(r"https?://[^\s\"'<>)]+", text))
    check(urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"},
          "no external URL in the page: %s" % urls)

    # Zoom: the diagram's viewBox shrinks; a row's click (here through the
    # fragment it writes) highlights its node and the row.
    full = d.viewbox
    d = dom(browser, vgg, "#zoom=2.00")
    check(full is not None and d.viewbox is not None and
          abs(d.viewbox[2] - full[2] / 2) < 0.02 and abs(d.viewbox[3] - full[3] / 2) < 0.02,
          "VGG-16 zoom 2: viewBox %s of %s" % (d.viewbox, full))
    d = dom(browser, vgg, "#select=conv3_1")
    selected = [i for i, n in d.nodes.items() if "selected" in (n["class"] or "").split()]
    check(selected == ["n:conv3_1"], "VGG-16 select conv3_1: nodes %s" % selected)
    rows = [r["attrs"]["data-name"] for r in d.rows if "selected" in r["attrs"].get("class", "")]
    check(rows == ["conv3_1"], "VGG-16 select conv3_1: rows %s" % rows)

    # Sorting by MACs, descending: the 1,849,688,064-MAC convolutions lead, in layer order.
    d = dom(browser, vgg, "#sort=macs:desc")
    names = [r["attrs"]["data-name"] for r in d.rows]
    check(names[:6] == ["conv1_2", "conv2_2", "conv3_2", "conv3_3", "conv4_2", "conv4_3"],
          "VGG-16 sorted by MACs: %s" % names[:6])
    check(names[6:8] == ["conv2_1", "conv3_1"], "VGG-16 sorted by MACs, then 924,844,032")
    check("sorted-desc" in d.headers.get("macs", ""), "the MACs header shows the sort")
    macs_col = [int(r["cells"]["macs"]) for r in d.rows]
    check(macs_col == sorted(macs_col, reverse=True), "VGG-16 MACs column is descending")
    # The charts follow the table's order.
    bars = [n for n, _ in d.charts["macs"]["bars"]]
    check(bars[:6] == names[:6], "VGG-16 MACs bars follow the sort: %s" % bars[:6])
    params = [n for n, _ in d.charts["params"]["bars"]]
    check(params == [n for n in names if n in params], "VGG-16 params bars follow the sort")
    d = dom(browser, vgg, "#sort=name:asc")
    names = [r["attrs"]["data-name"] for r in d.rows]
    check(names[:3] == ["conv1_1", "conv1_1_relu", "conv1_2"], "VGG-16 sorted by name")

    # GoogLeNet: 9 inception blocks of the 143 inference rows; folding keeps 26 top-level rows.
    goog = report("googlenet")
    d = dom(browser, goog)
    check(d.totals.get("total-macs") == [str(GOOGLENET_MACS), "1,582,671,872"], "GoogLeNet MACs")
    check(d.totals.get("total-params") == [str(GOOGLENET_PARAMS), "6,998,552"], "GoogLeNet params")
    blocks = [r for r in d.rows if r["attrs"]["data-kind"] == "block"]
    check(len(d.rows) == 152 and len(blocks) == 9, "GoogLeNet: 152 rows, 9 blocks")
    top = d.charts["macs"]["bars"]
    nonzero = [r for r in d.rows if r["attrs"]["data-depth"] == "0" and int(r["cells"]["macs"])]
    check(d.charts["macs"]["rows"] == "top" and len(top) == len(nonzero) == 13,
          "GoogLeNet: 13 top-level bars with MACs, got %d" % len(top))
    check(("inception_3a", "128049152") in top, "GoogLeNet inception_3a bar: 128,049,152 MACs")
    check(total_of(top) == GOOGLENET_MACS, "GoogLeNet top-level MACs bars sum to the total")

    d = dom(browser, goog, "#fold=all&charts=layers&sort=macs:desc")
    visible = [r["attrs"]["data-name"] for r in d.rows if not r["hidden"]]
    check(len(visible) == 26, "GoogLeNet folded: 26 rows visible, got %d" % len(visible))
    check(visible[:3] == ["conv2", "inception_3b", "inception_4e"],
          "GoogLeNet folded and sorted: %s" % visible[:3])
    # Inside a block, its layers follow it, sorted among themselves.
    names = [r["attrs"]["data-name"] for r in d.rows]
    i = names.index("inception_3a")
    check(names[i + 1] == "inception_3a/3x3", "inception_3a's largest layer follows it")
    layers = d.charts["macs"]["bars"]
    check(len(layers) == 58 and total_of(layers) == GOOGLENET_MACS,
          "GoogLeNet per-layer MACs chart: 58 bars (57 conv, 1 fc) summing to the total, got %d"
          % len(layers))
    check(layers[0] == ("conv2", "346816512"),
          "GoogLeNet per-layer bars follow the sort: %s" % (layers[:1],))
    # Drawn compact (more than 50 layers), a ReLU highlights the convolution
    # drawn with it; at the report's --diagram-depth 0 a layer highlights its module.
    d = dom(browser, goog, "#select=inception_4a%2F5x5_relu")
    selected = [i for i, n in d.nodes.items() if "selected" in (n["class"] or "").split()]
    check(selected == ["n:inception_4a/5x5"],
          "GoogLeNet select inception_4a/5x5_relu: %s" % selected)
    d = dom(browser, report("googlenet", "--diagram-depth", "0", page_name="googlenet.depth0"),
            "#select=inception_4a%2F5x5")
    selected = [i for i, n in d.nodes.items() if "selected" in (n["class"] or "").split()]
    check(selected == ["n:inception_4a"], "GoogLeNet depth 0, select inception_4a/5x5: %s"
          % selected)

    # Measured times beside predicted: a run in `archcalc run --format json`'s shape.
    rows = dom(browser, vgg).rows
    run = {"schema": 1, "model": "vgg16", "backend": "reference", "threads": 1, "repeat": 3,
           "layers": [{"name": r["attrs"]["data-name"],
                       "seconds": {"median": 1e-3 + int(r["cells"]["macs"]) * 1e-12}}
                      for r in rows if r["attrs"]["data-name"] != "input"]}
    run_path = os.path.join(args.out, "vgg16.run.json")
    with open(run_path, "w") as f:
        json.dump(run, f)
    d = dom(browser, report("vgg16", "--run", run_path, page_name="vgg16.timed"))
    times = d.charts.get("measured", {"bars": []})["bars"]
    check(len(times) == 39, "VGG-16 time chart has 39 bars, got %d" % len(times))
    conv = next((r for r in d.rows if r["attrs"]["data-name"] == "conv1_1"), None)
    check(conv is not None and abs(float(conv["cells"]["measured"]) - 1.086704128e-3) < 1e-11,
          "VGG-16 conv1_1 measured 1 ms + 86,704,128 ps")

    # A screenshot of GoogLeNet's page, to look at.
    shot = os.path.abspath(os.path.join(args.out, "report.png"))
    if os.path.exists(shot):
        os.remove(shot)
    chromium(browser, ["--window-size=1280,1500", "--hide-scrollbars", "--screenshot=" + shot],
             "file://" + goog)
    with open(shot, "rb") as f:
        png = f.read()
    check(png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 50_000,
          "screenshot %s is a PNG of %d bytes" % (shot, len(png)))
    print("screenshot: " + shot)

    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
