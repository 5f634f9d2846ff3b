#!/usr/bin/env python3
"""Screenshots of a survey's charts for the README: each chart of
OUT/index.html (`archcalc survey ... -o OUT`) on a page of its own, taken
with headless Chromium at the chart's size, written to docs/img/survey_*.png.

Usage: survey_images.py OUT [--img docs/img]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

CHARTS = {  # chart id in the page → picture
    "chart-accuracy-macs": "survey_accuracy_macs.png",
    "chart-time-macs-1": "survey_time_macs_1.png",
    "chart-time-macs-8": "survey_time_macs_8.png",
    "chart-time-batch": "survey_time_batch.png",
    "chart-memory-batch": "survey_memory_batch.png",
    "chart-accuracy-speed": "survey_accuracy_speed.png",
    "chart-density": "survey_density.png",
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--img", default=os.path.join(os.path.dirname(__file__), "..", "docs", "img"))
    a = ap.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        raise SystemExit("chromium is not installed")
    page = open(os.path.join(a.out, "index.html"), encoding="utf-8").read()
    for cid, name in CHARTS.items():
        m = re.search(r'<svg [^>]*id="%s".*?</svg>' % re.escape(cid), page, re.S)
        if not m:
            print("no chart %s in the page" % cid)
            continue
        svg = m.group(0)
        w = int(float(re.search(r'width="([0-9.]+)"', svg).group(1)))
        h = int(float(re.search(r'height="([0-9.]+)"', svg).group(1)))
        with tempfile.TemporaryDirectory() as tmp:
            html = os.path.join(tmp, "chart.html")
            with open(html, "w", encoding="utf-8") as f:
                f.write("<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
                        "body{margin:0}</style></head><body>" + svg + "</body></html>")
            shot = os.path.abspath(os.path.join(a.img, name))
            subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--user-data-dir=" + os.path.join(tmp, "profile"), "--hide-scrollbars",
                            "--window-size=%d,%d" % (w, h), "--screenshot=" + shot,
                            "file://" + html], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=180)
            print("wrote " + shot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
