#!/usr/bin/python3
"""Writes the PyTorch fixtures the kernel tests compare every backend against.

For each case, tests/data/torch/<case>/ gets
  net.yaml          a network of one input and the op under test (layer `l`)
  input.npy         a batch of 2, drawn from a normal distribution (scale 3, so
                    that the hard activations' clamps are crossed)
  l.<param>.npy     the layer's parameters, named as `archcalc run --load-weights`
                    reads them
  output.npy        what PyTorch computes (float32)

Run it with Debian's Python (python3-torch) from the repository root:
  /usr/bin/python3 scripts/torch_fixtures.py
The tests need only the committed files.
"""
import os
import shutil
import sys

import numpy as np
import torch
from torch import nn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "torch")


def case(name, layer, module, shape=(4, 5, 5), params=None, before=""):
    """layer: the YAML mapping of layer `l` without its name; before: YAML layers ahead of
    it; params: {suffix: tensor}, the files `l.<suffix>.npy`."""
    return dict(name=name, layer=layer, module=module, shape=shape, params=params or {},
                before=before)


class Fn(nn.Module):
    """A module computing f(x)."""

    def __init__(self, f):
        super().__init__()
        self.f = f

    def forward(self, x):
        return self.f(x)


def gap(x):
    return x.mean((2, 3), keepdim=True)


def prelu(channels):
    m = nn.PReLU(channels)
    with torch.no_grad():
        m.weight.copy_(torch.linspace(-0.5, 0.75, channels))
    return m


def cases():
    c = [
        case("hardswish", "op: hardswish", nn.Hardswish()),
        case("hardsigmoid", "op: hardsigmoid", nn.Hardsigmoid()),
        case("silu", "op: silu", nn.SiLU()),
        case("gelu", "op: gelu", nn.GELU()),
        case("gelu_tanh", "op: gelu, approximate: tanh", nn.GELU(approximate="tanh")),
        case("elu", "op: elu, alpha: 0.7", nn.ELU(alpha=0.7)),
        case("mish", "op: mish", nn.Mish()),
    ]
    m = prelu(4)
    c.append(case("prelu", "op: prelu", m, params={"weight": m.weight}))
    m = prelu(1)
    c.append(case("prelu_shared", "op: prelu, shared: true", m, params={"weight": m.weight}))
    # Broadcasting: the global mean (C×1×1) as the second input, then the first.
    g = "  - {name: g, op: avgpool, global: true}\n"
    c += [
        case("mul_broadcast", "op: mul, from: [input, g]", Fn(lambda x: x * gap(x)), before=g),
        case("sub_broadcast", "op: sub, from: [g, input]", Fn(lambda x: gap(x) - x), before=g),
        case("div_broadcast", "op: div, from: [input, g_sigmoid]",
             Fn(lambda x: x / torch.sigmoid(gap(x))),
             before="  - {name: g, op: avgpool, global: true, act: sigmoid}\n"),
        case("add_broadcast", "op: add, from: [input, g, input]", Fn(lambda x: x + gap(x) + x),
             before=g),
    ]
    # Reductions, axes without the batch.
    c += [
        case("mean_keepdims", "op: mean, axes: [1, 2], keepdims: true", Fn(gap)),
        case("mean_channels", "op: mean, axes: [0]", Fn(lambda x: x.mean(1))),
        case("max_last", "op: max, axes: [-1]", Fn(lambda x: x.amax(-1))),
    ]
    # Tokens, linear algebra, normalization over axes.
    lin = torch_linear(8, 5)
    c.append(case("linear_tokens", "op: linear, out: 5", lin, shape=(6, 8),
                  params={"weight": lin.weight, "bias": lin.bias}))
    lin = torch_linear(5, 3, bias=False)
    c.append(case("linear_map", "op: linear, out: 3, bias: false", lin,
                  params={"weight": lin.weight}))
    ln = affine(nn.LayerNorm(8))
    c.append(case("layernorm", "op: layernorm", ln, shape=(6, 8),
                  params={"weight": ln.weight, "bias": ln.bias}))
    ln4 = affine(nn.LayerNorm(4, eps=1e-6))
    c.append(case("layernorm_channels", "op: layernorm, axes: [0], eps: 1e-6",
                  Fn(lambda x: ln4(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)),
                  params={"weight": ln4.weight, "bias": ln4.bias}))
    c.append(case("layernorm_plain", "op: layernorm, axes: [-2, -1], affine: false",
                  nn.LayerNorm((5, 5), elementwise_affine=False)))
    c.append(case("softmax_last", "op: softmax, axes: [-1]", nn.Softmax(-1), shape=(6, 8)))
    c.append(case("softmax_channels", "op: softmax, axes: [0]", nn.Softmax(1)))
    c.append(case("matmul_bt", "op: matmul, transpose_b: true, from: [input, input]",
                  Fn(lambda x: x @ x.transpose(-2, -1)), shape=(2, 6, 8)))
    c.append(case("attention", "op: matmul, from: [p, input]",
                  Fn(lambda x: torch.softmax(x @ x.transpose(-2, -1), -1) @ x), shape=(2, 6, 8),
                  before="  - {name: s, op: matmul, transpose_b: true, from: [input, input]}\n"
                         "  - {name: p, op: softmax, axes: [-1]}\n"))
    # Layout.
    c.append(case("transpose", "op: transpose, perm: [1, 2, 0]",
                  Fn(lambda x: x.permute(0, 2, 3, 1))))
    c.append(case("reshape", "op: reshape, shape: [4, -1]", Fn(lambda x: x.reshape(2, 4, 25))))
    c.append(case("slice", "op: slice, axis: 0, start: 1, size: 2", Fn(lambda x: x[:, 1:3])))
    c.append(case("heads", "op: transpose, perm: [1, 0, 2]",
                  Fn(lambda x: x.reshape(2, 6, 2, 4).transpose(1, 2)), shape=(6, 8),
                  before="  - {name: r, op: reshape, shape: [6, 2, 4]}\n"))
    # Scales: a constant, a learned vector along the channels or the last axis.
    c.append(case("scale_factor", "op: scale, factor: 0.125", Fn(lambda x: x * 0.125)))
    g4 = torch.linspace(0.25, 2.0, 4)
    c.append(case("scale_channels", "op: scale, learned: true",
                  Fn(lambda x: x * g4.reshape(4, 1, 1)), params={"weight": g4}))
    g8 = torch.linspace(-1.0, 1.0, 8)
    c.append(case("scale_last", "op: scale, learned: true, axis: -1",
                  Fn(lambda x: x * g8), shape=(6, 8), params={"weight": g8}))
    # A class token and a position embedding joining the tokens (ViT).
    cls = torch.linspace(-1.0, 1.0, 8).reshape(1, 8)
    pos = torch.linspace(-0.5, 0.5, 7 * 8).reshape(7, 8)
    c.append(case("class_token", "op: add, from: [tokens, pos]",
                  Fn(lambda x: torch.cat([cls.expand(x.shape[0], 1, 8), x], 1) + pos),
                  shape=(6, 8),
                  params={"cls.weight": cls, "pos.weight": pos},
                  before="  - {name: cls, op: parameter, shape: [1, 8]}\n"
                         "  - {name: tokens, op: concat, axis: 0, from: [cls, input]}\n"
                         "  - {name: pos, op: parameter, shape: [7, 8]}\n"))
    c.append(case("concat_last", "op: concat, axis: -1, from: [input, g]",
                  Fn(lambda x: torch.cat([x, x.mean(3, keepdim=True)], 3)),
                  before="  - {name: g, op: mean, axes: [-1], keepdims: true}\n"))
    # Normalization by groups, regrouping, resampling.
    gn = affine(nn.GroupNorm(2, 4))
    c.append(case("groupnorm", "op: groupnorm, groups: 2", gn,
                  params={"weight": gn.weight, "bias": gn.bias}))
    c.append(case("instancenorm", "op: instancenorm", nn.InstanceNorm2d(4)))
    c.append(case("shuffle", "op: shuffle, groups: 2", nn.ChannelShuffle(2)))
    c.append(case("upsample_nearest", "op: upsample, scale: 2", nn.Upsample(scale_factor=2)))
    c.append(case("upsample_bilinear", "op: upsample, scale: 3, mode: bilinear",
                  nn.Upsample(scale_factor=3, mode="bilinear", align_corners=False)))
    ct = nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2)
    c.append(case("conv_transpose",
                  "op: conv_transpose, out: 6, kernel: 3, stride: 2, pad: 1, output_pad: 1, "
                  "groups: 2", ct, params={"weight": ct.weight, "bias": ct.bias}))
    ct2 = nn.ConvTranspose2d(4, 3, (2, 3), stride=(2, 1), dilation=(1, 2), bias=False)
    c.append(case("conv_transpose_dilated",
                  "op: conv_transpose, out: 3, kernel: [2, 3], stride: [2, 1], "
                  "dilation: [1, 2], bias: false", ct2, params={"weight": ct2.weight}))
    # Padding: PyTorch lists the last axis first, (left, right, top, bottom).
    F = nn.functional
    c.append(case("pad_constant", "op: pad, pad: [1, 2, 0, 3], value: 0.5",
                  Fn(lambda x: F.pad(x, (0, 3, 1, 2), value=0.5))))
    c.append(case("pad_reflect", "op: pad, pad: 2, mode: reflect",
                  Fn(lambda x: F.pad(x, (2, 2, 2, 2), mode="reflect"))))
    c.append(case("pad_edge", "op: pad, pad: [1, 3], mode: edge",
                  Fn(lambda x: F.pad(x, (3, 3, 1, 1), mode="replicate"))))
    c.append(case("pad_reflect_1d", "op: pad, pad: [3, 1], mode: reflect",
                  Fn(lambda x: F.pad(x, (3, 1), mode="reflect")), shape=(4, 9)))
    c.append(case("pad_edge_3d", "op: pad, pad: [1, 0, 0, 2, 1, 1], mode: edge",
                  Fn(lambda x: F.pad(x, (1, 1, 0, 2, 1, 0), mode="replicate")),
                  shape=(2, 3, 4, 5)))
    # Convolution and pooling over 1 and 3 spatial axes.
    cv = nn.Conv1d(4, 6, 3, stride=2, padding=1, groups=2)
    c.append(case("conv1d", "op: conv1d, out: 6, kernel: 3, stride: 2, pad: 1, groups: 2", cv,
                  shape=(4, 9), params={"weight": cv.weight, "bias": cv.bias}))
    cv1 = nn.Conv1d(4, 3, 2, dilation=3, bias=False)
    c.append(case("conv1d_dilated", "op: conv1d, out: 3, kernel: 2, dilation: 3, pad: [2, 1], "
                  "bias: false", Fn(lambda x: cv1(F.pad(x, (2, 1)))), shape=(4, 9),
                  params={"weight": cv1.weight}))
    cv3 = nn.Conv3d(2, 4, (3, 2, 3), stride=(1, 2, 1), padding=(1, 0, 1))
    c.append(case("conv3d", "op: conv3d, out: 4, kernel: [3, 2, 3], stride: [1, 2, 1], "
                  "pad: [1, 0, 1]", cv3, shape=(2, 4, 5, 6),
                  params={"weight": cv3.weight, "bias": cv3.bias}))
    c.append(case("maxpool1d", "op: maxpool1d, kernel: 3, stride: 2, pad: 1, round: ceil",
                  nn.MaxPool1d(3, stride=2, padding=1, ceil_mode=True), shape=(4, 10)))
    c.append(case("avgpool1d", "op: avgpool1d, kernel: 4, stride: 3, pad: 2, count_pad: false",
                  nn.AvgPool1d(4, stride=3, padding=2, count_include_pad=False), shape=(4, 10)))
    c.append(case("avgpool1d_global", "op: avgpool1d, global: true",
                  Fn(lambda x: x.mean(2, keepdim=True)), shape=(4, 9)))
    c.append(case("maxpool3d", "op: maxpool3d, kernel: [2, 3, 3], stride: 2, pad: [0, 1, 1]",
                  nn.MaxPool3d((2, 3, 3), stride=2, padding=(0, 1, 1)), shape=(2, 4, 5, 6)))
    c.append(case("avgpool3d", "op: avgpool3d, kernel: 2, stride: [1, 2, 2], round: ceil",
                  nn.AvgPool3d(2, stride=(1, 2, 2), ceil_mode=True), shape=(2, 3, 5, 5)))
    return c


def torch_linear(i, o, bias=True):
    return nn.Linear(i, o, bias=bias)


def affine(m):
    """A norm layer with a scale and shift other than 1 and 0."""
    with torch.no_grad():
        m.weight.copy_(torch.linspace(0.5, 1.5, m.weight.numel()).reshape(m.weight.shape))
        m.bias.copy_(torch.linspace(-0.5, 0.5, m.bias.numel()).reshape(m.bias.shape))
    return m


def write(c, gen):
    d = os.path.join(ROOT, c["name"])
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    dims = ", ".join(str(v) for v in c["shape"])
    with open(os.path.join(d, "net.yaml"), "w") as f:
        f.write(f"# Written by scripts/torch_fixtures.py: PyTorch's {c['name']}.\n")
        f.write(f"name: {c['name']}\ninput: [{dims}]\nlayers:\n")
        f.write(c["before"])
        f.write(f"  - {{name: l, {c['layer']}}}\n")
    x = torch.randn((2,) + tuple(c["shape"]), generator=gen) * 3.0
    with torch.no_grad():
        y = c["module"].eval()(x)
    np.save(os.path.join(d, "input.npy"), x.numpy().astype(np.float32))
    np.save(os.path.join(d, "output.npy"), y.numpy().astype(np.float32))
    for key, t in c["params"].items():
        name = key if "." in key else "l." + key  # "<layer>.<suffix>"; layer `l` by default
        np.save(os.path.join(d, f"{name}.npy"), t.detach().numpy().astype(np.float32))


def main():
    torch.manual_seed(17)  # the modules' own weights: the same files on every run
    gen = torch.Generator().manual_seed(17)
    for c in cases():
        write(c, gen)
    print(f"wrote {len(cases())} fixtures to {os.path.normpath(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
