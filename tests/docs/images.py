#!/usr/bin/env python3
"""Regenerates the pictures in docs/img from the commands that make them, or
checks that the committed ones are what those commands give now.

  images.py --archcalc BUILD/archcalc            rewrite docs/img
  images.py --archcalc BUILD/archcalc --check    compare, byte for byte

Diagrams and plots are deterministic (the same input and options give the
same bytes), so they are compared exactly. The HTML report's screenshot
(docs/img/report.png) comes from headless Chromium, whose pixels depend on
the fonts installed: it is rewritten by the first form and not compared.
"""
import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# (picture, command that writes it to OUT); the commands are the ones the docs show.
PICTURES = [
    ("googlenet.svg", ["diagram", "architectures/googlenet.yaml", "-o", "OUT", "--color", "macs"]),
    ("resnet50_depth1.png",
     ["diagram", "architectures/resnet50.yaml", "--depth", "1", "--color", "macs", "-o", "OUT"]),
    ("inception_reduced_sweep.svg",
     ["sweep", "architectures/modules/inception_reduced.yaml", "--set", "reduce=8,16,32,64,128",
      "--plot", "OUT"]),
]
SCREENSHOT = "report.png"


def make(archcalc, name, args, out_dir):
    out = os.path.join(out_dir, name)
    cmd = [archcalc] + [out if a == "OUT" else a for a in args]
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return out


def screenshot(archcalc, out):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("chromium is not installed: docs/img/report.png left as it is")
        return
    with tempfile.TemporaryDirectory() as tmp:
        page = os.path.join(tmp, "googlenet.html")
        subprocess.run([archcalc, "report", "architectures/googlenet.yaml", "-o", page], cwd=ROOT,
                       check=True)
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--user-data-dir=" + os.path.join(tmp, "profile"),
                        "--window-size=1280,1500", "--hide-scrollbars", "--screenshot=" + out,
                        "file://" + page], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=180)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--archcalc", required=True)
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    archcalc = os.path.abspath(a.archcalc)
    img = os.path.join(ROOT, "docs", "img")
    if not a.check:
        for name, args in PICTURES:
            make(archcalc, name, args, img)
            print("wrote docs/img/" + name)
        screenshot(archcalc, os.path.join(img, SCREENSHOT))
        return 0
    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, args in PICTURES:
            fresh = make(archcalc, name, args, tmp)
            if not filecmp.cmp(fresh, os.path.join(img, name), shallow=False):
                stale.append(name)
    for name in stale:
        print(f"docs/img/{name} is not what its command draws now; "
              f"regenerate with tests/docs/images.py --archcalc BUILD/archcalc", file=sys.stderr)
    print(f"images: {len(PICTURES) - len(stale)} of {len(PICTURES)} pictures as their commands draw them")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
