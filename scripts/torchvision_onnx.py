#!/usr/bin/env python3
"""Exports torchvision's classification models to ONNX and sets archcalc's
params and MACs beside PyTorch's own.

For each model (weights=None, eval mode) PyTorch's figures are counted on a
real forward pass: params = sum(p.numel()); MACs = the multiply-accumulates of
every convolution, matrix product and batched matrix product that ATen runs
(aten.convolution, mm, addmm, bmm, baddbmm), which is archcalc's convention
(conv, linear/fc and matmul of activations). The model is exported with
torch.onnx.export (opset 13; batch norms folded, as by default, or preserved
with --preserve-bn) and given to `archcalc analyze --format json`.

  scripts/torchvision_onnx.py --archcalc build/release/archcalc [--preserve-bn]
      [--models resnet18,mobilenet_v2] [--max-params 150000000] [--markdown] [--check]

Prints one row per model: PyTorch's and archcalc's params and MACs and
whether they are equal, or archcalc's first error line. A difference is
explained when archcalc's own output says why (its warning that PyTorch's
exporter folded the batch norms into the convs, with the params they held). With
--check the script exits 1 when any model that exports has a figure that
differs without such an explanation, or does not analyze. This is a check
to run by hand (about half an hour for every model), not part of the test
suite; tests/data/import/gen_torchvision.py writes the few files CTest reads.
"""
import argparse
import io
import json
import math
import os
import re
import subprocess
import sys
import tempfile

import torch
import torchvision
from torch.utils._python_dispatch import TorchDispatchMode

aten = torch.ops.aten


def prod(xs):
    return math.prod(int(x) for x in xs)


class MacCounter(TorchDispatchMode):
    """Counts the multiply-accumulates of the matrix and convolution kernels ATen runs."""

    def __init__(self):
        super().__init__()
        self.macs = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        packet = func._overloadpacket
        if packet is aten.convolution:
            x, w = args[0], args[1]
            transposed = args[6]
            if transposed:  # every input element meets every weight of its group
                self.macs += prod(x.shape) * prod(w.shape[1:])
            else:
                self.macs += prod(out.shape) * prod(w.shape[1:])
        elif packet in (aten.mm, aten.addmm):
            a, b = (args[1], args[2]) if packet is aten.addmm else (args[0], args[1])
            self.macs += a.shape[0] * a.shape[1] * b.shape[1]
        elif packet in (aten.bmm, aten.baddbmm):
            a, b = (args[1], args[2]) if packet is aten.baddbmm else (args[0], args[1])
            self.macs += a.shape[0] * a.shape[1] * a.shape[2] * b.shape[2]
        return out


def input_size(name):
    return 299 if name.startswith("inception") else 224


def pytorch_figures(model, size):
    params = sum(p.numel() for p in model.parameters())
    counter = MacCounter()
    # With gradients enabled, nn.MultiheadAttention takes its composite path
    # (matmuls ATen shows) instead of one fused inference kernel.
    with counter:
        model(torch.zeros(1, 3, size, size))
    return params, counter.macs


def export(model, size, path, preserve_bn):
    kwargs = dict(opset_version=13)
    if preserve_bn:
        kwargs.update(training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False)
    torch.onnx.export(model, torch.zeros(1, 3, size, size), path, **kwargs)


def archcalc_figures(archcalc, path):
    p = subprocess.run([archcalc, "analyze", path, "--format", "json"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=600)
    if p.returncode != 0:
        lines = p.stderr.decode(errors="replace").strip().split("\n")
        return None, None, lines[0].replace(path, os.path.basename(path))
    j = json.loads(p.stdout)
    t = j["totals"]
    if "incomplete" in j:
        return t["params"], t["macs"], j["incomplete"]["text"]
    warnings = [line.split("warning: ", 1)[1] for line in p.stderr.decode(errors="replace").split("\n")
                if "warning: " in line]
    return t["params"], t["macs"], " ".join(warnings)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--archcalc", required=True)
    ap.add_argument("--preserve-bn", action="store_true")
    ap.add_argument("--models", default="")
    ap.add_argument("--max-params", type=int, default=150_000_000)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    names = a.models.split(",") if a.models else sorted(torchvision.models.list_models(
        module=torchvision.models))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            torch.manual_seed(0)
            model = torchvision.models.get_model(name, weights=None).eval()
            size = input_size(name)
            params, macs = pytorch_figures(model, size)
            if params > a.max_params:
                rows.append((name, params, macs, None, None, "skipped: over --max-params"))
                continue
            path = os.path.join(tmp, name + ".onnx")
            try:
                export(model, size, path, a.preserve_bn)
            except Exception as e:  # the exporter's own failures are reported, not archcalc's
                rows.append((name, params, macs, None, None, "PyTorch export failed: " +
                             str(e).split("\n")[0][:100]))
                continue
            ap_, am, err = archcalc_figures(os.path.abspath(a.archcalc), path)
            os.remove(path)
            rows.append((name, params, macs, ap_, am, err))
            print_row(rows[-1], a.markdown, first=len(rows) == 1)
    exported = [r for r in rows if not r[5].startswith(("skipped", "PyTorch export failed"))]
    exact = sum(1 for r in exported if r[3] is not None and r[4] == r[2])
    both = sum(1 for r in exported if r[3] == r[1] and r[4] == r[2])
    failed = sum(1 for r in exported if r[3] is None)
    unexplained = [r[0] for r in exported if not explained(r)]
    print(f"\n{len(exported)} models exported: MACs equal in {exact}, params and MACs equal in "
          f"{both}, not analyzed {failed}; unexplained differences: {len(unexplained)}"
          + (" (" + ", ".join(unexplained) + ")" if unexplained else ""))
    return 1 if a.check and unexplained else 0


def folded_params(note):
    """The params archcalc's note says the folded batch norms held, or 0."""
    m = re.search(r"lower by ([0-9,]+)", note)
    return int(m.group(1).replace(",", "")) if m else 0


def explained(r):
    name, tp, tm, ap_, am, note = r
    if ap_ is None or am != tm or note.startswith("incomplete"):
        return False
    return ap_ == tp or ap_ + folded_params(note) == tp


def fmt(v):
    return "-" if v is None else f"{v:,}"


def print_row(r, markdown, first):
    name, tp, tm, ap_, am, err = r
    if ap_ is None:
        verdict = err
    else:
        verdict = ("MACs equal" if am == tm else f"MACs differ by {am - tm:+,}") + \
            ("; params equal" if ap_ == tp else f"; params differ by {ap_ - tp:+,}")
        if ap_ != tp and explained(r):
            verdict += " (batch norms folded into convs, as archcalc says)"
        elif err:
            verdict += "; " + err
    if markdown:
        if first:
            print("| model | params (PyTorch) | params (archcalc) | MACs (PyTorch) | MACs (archcalc) | |")
            print("|---|--:|--:|--:|--:|---|")
        print(f"| {name} | {fmt(tp)} | {fmt(ap_)} | {fmt(tm)} | {fmt(am)} | {verdict} |")
    else:
        print(f"{name:22} {fmt(tp):>13} {fmt(ap_):>13} {fmt(tm):>16} {fmt(am):>16}  {verdict}",
              flush=True)


if __name__ == "__main__":
    sys.exit(main())
