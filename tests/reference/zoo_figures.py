#!/usr/bin/python3
"""PyTorch's figures for the torchvision networks of the zoo (issue 19's table
and the family members reached by `--set`), counted at 3x224x224 as archcalc
counts them, with each model's published ImageNet accuracy.

Per model (weights=None, eval mode, one forward pass):
  params  sum(p.numel()), also split by the type of the module holding them
  MACs    conv    forward hooks on nn.Conv2d: out.numel() * C_in/groups * k_h * k_w
          linear  forward hooks on nn.Linear: rows * in * out; plus the input and
                  output projections of nn.MultiheadAttention and of torchvision's
                  Swin window attention (functional calls no hook sees)
          matmul  attention products from the attention modules' shapes:
                  Q K^T and A V, 2 * L^2 * E per sequence (per window for Swin,
                  per window/grid group for MaxViT)
The sum is checked against an independent count of every convolution and
matrix kernel ATen runs (scripts/torchvision_onnx.py's MacCounter); a model
where the two differ is flagged, since then a layer escaped the hooks.

Accuracy: acc@1/acc@5 of the IMAGENET1K_V1 weights (the first weights where
there is no V1), and the name and figures of torchvision's DEFAULT weights.

Run from anywhere (paths are relative to this file):
  /usr/bin/python3 tests/reference/zoo_figures.py            # all; writes tests/data/zoo_figures.json
  /usr/bin/python3 tests/reference/zoo_figures.py --models mobilenet_v2,swin_t --no-write
  /usr/bin/python3 tests/reference/zoo_figures.py --layers mobilenet_v2   # per-layer rows
A model name may carry builder arguments: "mobilenet_v2@width_mult=0.5".
"""
import argparse
import json
import math
import os
import sys

import warnings

import torch
import torchvision
from torch import nn
from torchvision.models import maxvit, swin_transformer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from torchvision_onnx import MacCounter  # noqa: E402

warnings.filterwarnings("ignore", message="torch.meshgrid")

# Issue 19's torchvision models, then the members its families reach by --set.
TABLE = ["squeezenet1_0", "squeezenet1_1", "alexnet", "vgg16_bn", "mobilenet_v2",
         "mobilenet_v3_large", "mobilenet_v3_small", "efficientnet_b0", "efficientnet_v2_s",
         "resnext50_32x4d", "wide_resnet50_2", "densenet121", "shufflenet_v2_x1_0",
         "mnasnet1_0", "regnet_x_400mf", "regnet_y_400mf", "convnext_tiny", "vit_b_16",
         "swin_t", "maxvit_t"]
MEMBERS = ["efficientnet_b1", "efficientnet_b2", "efficientnet_b3", "regnet_x_800mf",
           "regnet_y_800mf", "vit_b_32", "resnext101_32x8d", "resnext101_64x4d",
           "wide_resnet101_2", "densenet169", "mobilenet_v2@width_mult=0.5",
           "mobilenet_v2@width_mult=0.75", "mnasnet0_5", "mnasnet0_75", "mnasnet1_3",
           "shufflenet_v2_x0_5", "shufflenet_v2_x1_5", "shufflenet_v2_x2_0",
           "swin_s", "convnext_small"]


def prod(xs):
    return math.prod(int(x) for x in xs)


class Counter:
    """Forward hooks that count conv, linear and matmul MACs per module."""

    def __init__(self, model):
        self.rows = []  # (qualified name, type, kind, macs, output shape)
        self.handles = []
        for name, m in model.named_modules():
            hook = None
            if isinstance(m, nn.Conv2d):
                hook = self.conv
            elif isinstance(m, nn.Linear):
                hook = self.linear
            elif isinstance(m, nn.MultiheadAttention):
                hook = self.mha
            elif isinstance(m, swin_transformer.ShiftedWindowAttention):
                hook = self.swin
            elif isinstance(m, maxvit.RelativePositionalMultiHeadAttention):
                hook = self.maxvit
            if hook is not None:
                self.handles.append(m.register_forward_hook(
                    lambda mod, inp, out, n=name, h=hook: h(n, mod, inp, out)))

    def add(self, name, mod, kind, macs, shape):
        self.rows.append((name, type(mod).__name__, kind, macs, tuple(shape)))

    def conv(self, name, m, inp, out):
        k = m.kernel_size[0] * m.kernel_size[1]
        self.add(name, m, "conv", out.numel() * (m.in_channels // m.groups) * k, out.shape)

    def linear(self, name, m, inp, out):
        rows = prod(inp[0].shape[:-1])
        self.add(name, m, "linear", rows * m.in_features * m.out_features, out.shape)

    def mha(self, name, m, inp, out):
        # nn.MultiheadAttention calls its projections functionally (no Linear hook fires);
        # its query arrives as a keyword, so the shape is read from the output (same shape).
        q = out[0]
        if not m.batch_first:
            q = q.transpose(0, 1)
        batch, length, e = q.shape
        tokens = batch * length
        self.add(name + ".in_proj", m, "linear", tokens * e * 3 * e, q.shape)
        self.add(name + ".out_proj", m, "linear", tokens * e * e, q.shape)
        self.add(name + ".attention", m, "matmul", 2 * batch * length * length * e, q.shape)

    def swin(self, name, m, inp, out):
        # shifted_window_attention pads to whole windows and calls F.linear itself.
        b, h, w, c = inp[0].shape
        wh, ww = m.window_size
        ph, pw = h + (wh - h % wh) % wh, w + (ww - w % ww) % ww
        windows = b * (ph // wh) * (pw // ww)
        n = wh * ww
        self.add(name + ".qkv", m, "linear", windows * n * c * 3 * c, inp[0].shape)
        self.add(name + ".proj", m, "linear", windows * n * c * c, inp[0].shape)
        self.add(name + ".attention", m, "matmul", 2 * windows * n * n * c, inp[0].shape)

    def maxvit(self, name, m, inp, out):
        # to_qkv and merge are nn.Linear (hooked); the two einsums are counted here.
        b, g, p, d = inp[0].shape
        self.add(name + ".attention", m, "matmul", 2 * b * g * p * p * d, inp[0].shape)

    def close(self):
        for h in self.handles:
            h.remove()


def build(spec):
    name, _, args = spec.partition("@")
    kwargs = {}
    for kv in filter(None, args.split(",")):
        k, v = kv.split("=")
        kwargs[k] = float(v) if "." in v else int(v)
    torch.manual_seed(0)
    return name, torchvision.models.get_model(name, weights=None, **kwargs).eval()


def accuracy(name):
    try:
        enum = torchvision.models.get_model_weights(name)
    except ValueError:
        return {}
    members = list(enum)
    first = enum["IMAGENET1K_V1"] if "IMAGENET1K_V1" in enum.__members__ else members[0]
    m1 = first.meta["_metrics"]["ImageNet-1K"]
    md = enum.DEFAULT.meta["_metrics"]["ImageNet-1K"]
    return {"weights": first.name, "top1": m1["acc@1"], "top5": m1["acc@5"],
            "crop_size": first.transforms().crop_size[0],
            "default_weights": enum.DEFAULT.name, "default_top1": md["acc@1"],
            "default_top5": md["acc@5"]}


def params_by_type(model):
    split = {}
    for m in model.modules():
        n = sum(p.numel() for p in m.parameters(recurse=False))
        if n:
            split[type(m).__name__] = split.get(type(m).__name__, 0) + n
    return dict(sorted(split.items()))


def figures(spec, size=224):
    name, model = build(spec)
    counter = Counter(model)
    aten = MacCounter()
    with aten:  # gradients on: nn.MultiheadAttention takes its composite path
        model(torch.zeros(1, 3, size, size))
    counter.close()
    split = {k: sum(r[3] for r in counter.rows if r[2] == k) for k in ("conv", "linear", "matmul")}
    total = sum(split.values())
    fig = {"params": sum(p.numel() for p in model.parameters()), "macs": total, **split,
           "params_by_type": params_by_type(model)}
    if "@" not in spec:  # a builder argument gives a model no published weights belong to
        fig.update(accuracy(name))
    if total != aten.macs:
        fig["aten_macs"] = aten.macs  # a kernel escaped the hooks (or was counted twice)
    return fig, counter.rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default="", help="comma-separated; default: the table and members")
    ap.add_argument("--layers", default="", help="print one model's per-layer rows and stop")
    ap.add_argument("--no-write", action="store_true", help="do not write tests/data/zoo_figures.json")
    ap.add_argument("--out", default=os.path.join(ROOT, "tests", "data", "zoo_figures.json"))
    a = ap.parse_args()
    if a.layers:
        fig, rows = figures(a.layers)
        for name, typ, kind, macs, shape in rows:
            print(f"{name:48} {typ:26} {kind:6} {macs:>14,}  {'x'.join(map(str, shape))}")
        print(f"params {fig['params']:,}  MACs {fig['macs']:,} (conv {fig['conv']:,}, "
              f"linear {fig['linear']:,}, matmul {fig['matmul']:,})")
        return 0
    specs = a.models.split(",") if a.models else TABLE + [m for m in MEMBERS if m not in TABLE]
    out = {}
    bad = 0
    for spec in specs:
        fig, _ = figures(spec)
        out[spec] = fig
        flag = ""
        if "aten_macs" in fig:
            bad += 1
            flag = f"  HOOKS DIFFER FROM ATen: {fig['aten_macs']:,}"
        acc = f"  top1 {fig['top1']} top5 {fig['top5']} ({fig['weights']})" if "top1" in fig else ""
        print(f"{spec:30} {fig['params']:>12,} {fig['macs']:>16,}  conv {fig['conv']:,}  "
              f"linear {fig['linear']:,}  matmul {fig['matmul']:,}{acc}{flag}", flush=True)
    if not a.no_write:
        with open(a.out, "w") as f:
            json.dump(out, f, indent=1, sort_keys=False)
            f.write("\n")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
