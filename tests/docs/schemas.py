#!/usr/bin/env python3
"""Validates archcalc's JSON outputs against the committed JSON Schemas in
docs/schemas/ (Debian's python3-jsonschema), over a set of commands that
reach every kind of output: every bundled network in both modes, imports,
compare (with and without --run), sweep, run, list, a machine profile and
check.

Usage: schemas.py --archcalc BUILD/archcalc
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCHEMAS = os.path.join(ROOT, "docs", "schemas")


def cases(tmp):
    """(schema name, archcalc arguments) for every output checked."""
    nets = sorted(glob.glob("architectures/*.yaml") + glob.glob("architectures/modules/*.yaml"))
    for n in nets:
        yield "analysis", ["analyze", n, "--format", "json"]
    for n in ("architectures/googlenet.yaml", "architectures/resnet50.yaml", "architectures/lenet5.yaml"):
        yield "analysis", ["analyze", n, "--format", "json", "--mode", "training", "--rf",
                           "--optimizer", "adam", "--in-place"]
    yield "analysis", ["analyze", "tests/data/caffe/ResNet-50-deploy.prototxt", "--format", "json"]
    yield "analysis", ["analyze", "tests/data/import/unknown_op.onnx", "--allow-unknown", "--format", "json"]
    yield "compare", ["compare", "architectures/modules/inception_naive.yaml",
                      "architectures/modules/inception_reduced.yaml", "--format", "json"]
    yield "compare", ["compare", "architectures/googlenet.yaml",
                      "tests/data/caffe/bvlc_googlenet_deploy.prototxt", "--format", "json",
                      "--mode", "training"]
    yield "compare", ["compare", "architectures/googlenet.yaml#inception_3a",
                      "architectures/googlenet.yaml#inception_5b", "--format", "json", "--depth", "0"]
    yield "compare", ["compare", "--run", "tests/data/exec_tiny.yaml", "tests/data/exec_tiny.yaml",
                      "--format", "json", "--repeat", "1", "--warmup", "0"]
    yield "sweep", ["sweep", "architectures/modules/inception_reduced.yaml", "--set", "reduce=8,16",
                    "--set", "n5=32,64", "--format", "json", "--mode", "training"]
    yield "run", ["run", "tests/data/exec_tiny.yaml", "--format", "json", "--repeat", "2", "--warmup", "0"]
    yield "list", ["list", "--format", "json"]
    # survey writes OUT/survey.json: one counted, one run.
    yield "survey", ["survey", "architectures/lenet5.yaml", "architectures/alexnet.yaml", "--no-run",
                     "--no-reports", "-o", os.path.join(tmp, "survey-counts")]
    yield "survey", ["survey", "tests/data/exec_tiny.yaml", "architectures/lenet5.yaml", "--backend",
                     "reference", "--batch", "1,2", "--repeat", "1", "--no-reports", "-o",
                     os.path.join(tmp, "survey-run")]
    # Exit 1: the committed model differs from its baseline (docs/ci.md's example).
    yield "check", ["check", "tests/data/docs/models/", "--baseline", "tests/data/docs/models-baseline/",
                    "--format", "json"]
    yield "analysis", ["analyze", "architectures/resnet50.yaml", "--format", "json", "--batch", "8",
                       "--dtype", "fp16", "--input", "3x160x160"]


def run(args):
    p = subprocess.run(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--archcalc", required=True)
    a = ap.parse_args()
    archcalc = os.path.abspath(a.archcalc)
    schemas = {}
    for f in glob.glob(os.path.join(SCHEMAS, "*.schema.json")):
        s = json.load(open(f, encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(s)
        schemas[os.path.basename(f).split(".")[0]] = jsonschema.Draft202012Validator(s)
    failures, checked = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        todo = list(cases(tmp))
        # A machine profile, and a run and an analysis that read it.
        profile = os.path.join(tmp, "machine.json")
        with open(profile, "w") as out:
            out.write(json.dumps({"schema": 1, "machine": "test", "cpu": "test CPU", "cores": 2,
                                  "threads": 1, "date": "2026-01-01T00:00:00Z",
                                  "peak_gflops": 100.0, "bandwidth_gbs": 10.0,
                                  "peak_method": "given", "bandwidth_method": "given"}))
        todo.append(("run", ["run", "tests/data/exec_tiny.yaml", "--format", "json", "--repeat", "1",
                             "--machine", profile]))
        for name, args in todo:
            rc, out, err = run([archcalc] + args)
            if rc != 0 and not (name == "check" and rc == 1):
                failures.append(f"archcalc {' '.join(args)}: exit {rc}: {err.strip()[:300]}")
                continue
            if name == "survey":
                out = open(os.path.join(args[-1], "survey.json"), encoding="utf-8").read()
            doc = json.loads(out)
            errors = sorted(schemas[name].iter_errors(doc), key=lambda e: list(e.path))
            checked += 1
            for e in errors[:5]:
                path = "/".join(str(p) for p in e.path)
                failures.append(f"archcalc {' '.join(args)}: {name} schema: at /{path}: {e.message[:300]}")
        m = json.load(open(profile))
        for e in schemas["machine"].iter_errors(m):
            failures.append(f"machine profile: {e.message}")
    for f in failures:
        print(f, file=sys.stderr)
    print(f"schemas: {checked} outputs validated against {len(schemas)} schemas, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
