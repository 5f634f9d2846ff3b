#!/usr/bin/python3
"""`archcalc run` of the modern-op modules against PyTorch: for every case in
tests/data/torch_modules/ (written by tests/reference/module_fixtures.py) and
every backend, runs

  archcalc run FILE --set … --backend B --load-weights weights/ --input input.npy
      --save-output OUT.npy

and compares with PyTorch's output.npy: the largest absolute difference must
be at most --tolerance (1e-4) × the largest output magnitude. Prints one row
per module and backend; exits 1 if any misses, or if a case is missing.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
CASES = os.path.join(ROOT, "tests", "data", "torch_modules")
EXPECTED = ["convnext_block", "mobilenet_v3_block", "se_block", "vit_block"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--archcalc", required=True)
    ap.add_argument("--backends", nargs="+", default=["reference", "gemm", "onednn"])
    ap.add_argument("--tolerance", type=float, default=1e-4)
    a = ap.parse_args()
    names = sorted(os.listdir(CASES))
    if names != EXPECTED:
        print(f"cases {names}, expected {EXPECTED}")
        return 1
    failed = 0
    print("| module | backend | max abs(PyTorch) | max abs error | relative |")
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            d = os.path.join(CASES, name)
            with open(os.path.join(d, "case.json")) as f:
                case = json.load(f)
            want = np.load(os.path.join(d, "output.npy")).astype(np.float64).reshape(-1)
            scale = float(np.abs(want).max())
            for backend in a.backends:
                got_path = os.path.join(tmp, f"{name}_{backend}.npy")
                cmd = [a.archcalc, "run", os.path.join(ROOT, case["file"]), "--backend", backend,
                       "--repeat", "1", "--warmup", "0", "--load-weights", os.path.join(d, "weights"),
                       "--input", os.path.join(d, "input.npy"), "--save-output", got_path,
                       "-o", os.devnull]
                for s in case["set"]:
                    cmd += ["--set", s]
                r = subprocess.run(cmd, capture_output=True, text=True)
                if r.returncode != 0:
                    print(f"| {name} | {backend} | run failed: {r.stderr.strip()} |")
                    failed += 1
                    continue
                got = np.load(got_path).astype(np.float64).reshape(-1)
                if got.shape != want.shape:
                    print(f"| {name} | {backend} | {got.size} values, PyTorch {want.size} |")
                    failed += 1
                    continue
                err = float(np.abs(got - want).max())
                ok = err <= a.tolerance * scale
                failed += not ok
                print(f"| {name} | {backend} | {scale:.4g} | {err:.3g} | {err / scale:.3g}"
                      f"{'' if ok else ' (over ' + format(a.tolerance, 'g') + ')'} |")
    print(f"{len(names) * len(a.backends) - failed} of {len(names) * len(a.backends)} agree")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
