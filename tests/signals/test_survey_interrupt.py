#!/usr/bin/env python3
"""Ctrl-C during `archcalc survey`: SIGINT while the first network runs stops
the runs, and the command still writes the page, survey.json (marked
interrupted, with what was measured) and survey.csv, and exits 130.

Usage: test_survey_interrupt.py --archcalc BUILD/archcalc --out DIR
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import time

SOURCE = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--archcalc", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    out = os.path.abspath(os.path.join(args.out, "survey_interrupted"))
    nets = [os.path.join(SOURCE, p) for p in
            ("tests/data/exec_tiny.yaml", "architectures/vgg16.yaml", "architectures/vgg19.yaml")]
    # exec_tiny runs in no time; VGG-16 on the reference kernels takes seconds a pass.
    p = subprocess.Popen([args.archcalc, "survey"] + nets +
                         ["--backend", "reference", "--repeat", "20", "--long-pass", "1000",
                          "--no-reports", "-o", out],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    err = b""
    deadline = time.time() + 120
    while b"network 2 of 3" not in err and time.time() < deadline:
        line = p.stderr.readline()
        if not line:
            break
        err += line
    time.sleep(1.0)  # VGG-16 is now running
    p.send_signal(signal.SIGINT)
    rest, rest_err = p.communicate(timeout=300)
    err += rest_err
    failures = []

    def check(ok, what):
        if not ok:
            failures.append(what)
            print("FAILED: " + what)

    check(p.returncode == 130, "exit status 130, got %d: %s" % (p.returncode, err.decode()))
    check(b"survey: interrupted; writing what was measured" in err, "stderr says interrupted")
    check(os.path.exists(os.path.join(out, "index.html")), "index.html written")
    with open(os.path.join(out, "survey.json")) as f:
        j = json.load(f)
    check(j["interrupted"] is True, "survey.json: interrupted")
    names = [n["name"] for n in j["networks"]]
    check(names == ["exec_tiny", "vgg16", "vgg19"], "every network listed: %s" % names)
    check(len(j["networks"][0]["runs"]) == 2, "exec_tiny's two runs kept")
    check(j["networks"][1]["runs"] == [] and j["networks"][1]["not_run"] == "interrupted at batch 1",
          "vgg16 interrupted at batch 1: %s" % j["networks"][1]["not_run"])
    check(j["networks"][2]["not_run"] == "interrupted", "vgg19 never reached")
    with open(os.path.join(out, "index.html")) as f:
        check('id="interrupted"' in f.read(), "the page says it was interrupted")
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
