#!/usr/bin/env python3
"""Exports torchvision's classification models (or, with --segmentation, its
semantic segmentation models) to ONNX and sets archcalc's params and MACs
beside PyTorch's own.

For each model (weights=None, eval mode) PyTorch's figures are counted on a
real forward pass: params = sum(p.numel()); MACs = the multiply-accumulates of
every convolution, matrix product and batched matrix product that ATen runs
(aten.convolution, mm, addmm, bmm, baddbmm), which is archcalc's convention
(conv, linear/fc and matmul of activations). The model is exported with
torch.onnx.export (opset 13; batch norms folded, as by default, or preserved
with --preserve-bn) and given to `archcalc analyze --format json`.

  scripts/torchvision_onnx.py --archcalc build/release/archcalc [--preserve-bn]
      [--segmentation] [--models resnet18,mobilenet_v2] [--max-params 150000000]
      [--markdown] [--check] [--cache DIR]

With --cache DIR the exported files (NAME.onnx, or NAME.bn.onnx with
--preserve-bn), PyTorch's figures (pytorch.json) and the exporter's failures
are kept in DIR and read back on the next run, so that only archcalc runs again.

Prints one row per model: PyTorch's and archcalc's params and MACs and
whether they are equal, or archcalc's first error line. A difference is
explained when archcalc's own output says why, exactly: the notes of its JSON
(also its warnings) on what PyTorch's exporter changed, with the params by
which the file is lower (batch norms folded into the convs) or higher
(relative position biases written already gathered from their tables). With
--check the script exits 1 when any model that exports has a figure that
differs without such an explanation, or does not analyze. This is a check
to run by hand (about half an hour for every model), not part of the test
suite; tests/data/import/gen_torchvision.py writes the few files CTest reads.
"""
import argparse
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


def build(name):
    """The model with random weights (the segmentation models' backbones too), in eval mode."""
    kwargs = {"weights": None}
    if name in torchvision.models.list_models(module=torchvision.models.segmentation):
        kwargs["weights_backbone"] = None
    return torchvision.models.get_model(name, **kwargs).eval()


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


class Cache:
    """PyTorch's figures and exports kept in a directory between runs (or nothing)."""

    def __init__(self, directory):
        self.dir = directory
        self.figures = {}
        if directory:
            os.makedirs(directory, exist_ok=True)
            try:
                with open(os.path.join(directory, "pytorch.json")) as f:
                    self.figures = json.load(f)
            except FileNotFoundError:
                pass

    def save(self):
        if self.dir:
            with open(os.path.join(self.dir, "pytorch.json"), "w") as f:
                json.dump(self.figures, f, indent=1, sort_keys=True)


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
    return t["params"], t["macs"], " ".join(j.get("notes", []))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--archcalc", required=True)
    ap.add_argument("--preserve-bn", action="store_true")
    ap.add_argument("--segmentation", action="store_true",
                    help="torchvision.models.segmentation's models instead of the classifiers")
    ap.add_argument("--models", default="")
    ap.add_argument("--max-params", type=int, default=150_000_000)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--cache", default="", help="keep exports and PyTorch's figures in this directory")
    a = ap.parse_args()
    module = torchvision.models.segmentation if a.segmentation else torchvision.models
    names = a.models.split(",") if a.models else sorted(torchvision.models.list_models(
        module=module))
    rows = []
    cache = Cache(a.cache)
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            rows.append(run_model(name, a, cache, a.cache or tmp))
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


def run_model(name, a, cache, directory):
    """One row: (name, PyTorch's params, MACs, archcalc's params, MACs, note or error)."""
    suffix = ".bn" if a.preserve_bn else ""
    path = os.path.join(directory, name + suffix + ".onnx")
    failed = path + ".failed"
    model = None
    known = cache.figures.get(name)
    if not known or (known[1] is None and known[0] <= a.max_params):
        torch.manual_seed(0)
        model = build(name)
        params = sum(p.numel() for p in model.parameters())
        macs = None if params > a.max_params else pytorch_figures(model, input_size(name))[1]
        cache.figures[name] = [params, macs]
        cache.save()
    params, macs = cache.figures[name]
    if params > a.max_params:
        return (name, params, macs, None, None, "skipped: over --max-params")
    if not (a.cache and (os.path.exists(path) or os.path.exists(failed))):
        if model is None:
            torch.manual_seed(0)
            model = build(name)
        try:
            export(model, input_size(name), path, a.preserve_bn)
        except Exception as e:  # the exporter's own failures are reported, not archcalc's
            if os.path.exists(path):
                os.remove(path)
            with open(failed, "w") as f:
                f.write(str(e).split("\n")[0].split(". ")[0])
    if os.path.exists(failed):
        with open(failed) as f:
            return (name, params, macs, None, None,
                    "PyTorch export failed: " + f.read().split(". ")[0])
    ap_, am, err = archcalc_figures(os.path.abspath(a.archcalc), path)
    if not a.cache:
        os.remove(path)
    if ap_ is not None and am == macs and ap_ - stated_difference(err) != params:
        key = name + ":not run"
        if key not in cache.figures:
            cache.figures[key] = params_not_run(name)
            cache.save()
        count, modules = cache.figures[key]
        if count:
            err = (err + " " if err else "") + NOT_RUN.format(f"{count:,}", modules)
    return (name, params, macs, ap_, am, err)


# The script's own explanation (archcalc cannot know: the file holds no trace).
NOT_RUN = "[script] the file is lower by {}: PyTorch's eval forward never runs {}, so the export " \
          "holds none of their params"


def params_not_run(name):
    """The params of the modules an eval forward pass never runs (GoogLeNet's
    and Inception-v3's auxiliary classifiers), and those modules' names."""
    torch.manual_seed(0)
    model = build(name)
    ran = set()
    for m in model.modules():
        m.register_forward_hook(lambda mod, i, o: ran.add(id(mod)))
    with torch.no_grad():
        model(torch.zeros(1, 3, input_size(name), input_size(name)))
    count, tops = 0, []
    for n, m in model.named_modules():
        if id(m) in ran:
            continue
        count += sum(p.numel() for p in m.parameters(recurse=False))
        if n and any(True for _ in m.parameters()) and not any(n.startswith(t + ".") for t in tops):
            tops.append(n)
    return [count, ", ".join(tops)]


def stated_difference(note):
    """The params by which archcalc's warnings say the file differs from the
    model (what PyTorch's exporter changed): + higher, - lower."""
    def total(word):
        return sum(int(m.replace(",", "")) for m in re.findall(word + r" by ([0-9,]+)", note))
    return total("higher") - total("lower")


def reasons(note, own_bias=False):
    """Each difference the notes state, in short, with its params; `own_bias`:
    the folded convs had a bias of their own."""
    out = []
    m = re.search(r"lower by ([0-9,]+) than the PyTorch model's, or by ([0-9,]+) if those", note)
    if m and own_bias:
        out.append(f"batch norms folded into convs with a bias, -{m.group(2)} (archcalc's warning)")
    elif m:
        out.append(f"batch norms folded, -{m.group(1)} (archcalc's warning)")
    m = re.search(r"higher by ([0-9,]+) than the PyTorch model's: its exporter wrote the relative",
                  note)
    if m:
        out.append(f"position biases written gathered, +{m.group(1)} (archcalc's warning)")
    m = re.search(r"\[script\] the file is lower by ([0-9,]+): PyTorch's eval forward never runs "
                  r"(.*), so", note)
    if m:
        out.append(f"{m.group(2)} never run in eval, -{m.group(1)} (the script's count)")
    return "; ".join(out)


def own_bias_alternative(note):
    """The params by which archcalc's batch-norm warning says the file is lower
    when the folded convs had a bias of their own (VGG's with batch norm),
    beyond the figure it states first; 0 without that warning."""
    m = re.search(r"lower by ([0-9,]+) than the PyTorch model's, or by ([0-9,]+) if those", note)
    return int(m.group(2).replace(",", "")) - int(m.group(1).replace(",", "")) if m else 0


def explained(r):
    name, tp, tm, ap_, am, note = r
    if ap_ is None or am != tm or note.startswith("incomplete"):
        return False
    stated = ap_ - stated_difference(note)
    return ap_ == tp or stated == tp or stated + own_bias_alternative(note) == tp


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
            own_bias = ap_ - stated_difference(err) != tp
            verdict += f", exactly as stated: {reasons(err, own_bias)}"
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
