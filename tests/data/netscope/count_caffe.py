#!/usr/bin/python3
"""Counts params and MACs of a Caffe .prototxt by Caffe's own formulas, apart
from archcalc's code: the expected figures of tests/test_import_netscope.cpp.

Usage: /usr/bin/python3 count_caffe.py FILE.prototxt...

Conventions (archcalc's, docs/format.md): params are conv, deconv and fc
weights and biases, PReLU slopes, and the γ/β of a Scale (a BatchNorm's
mean/var are buffers); MACs are conv, deconv and fc multiply-accumulates at
batch 1. Only what the presets use is understood; anything else stops.
"""
import math
import re
import sys

TOKEN = re.compile(r'\s+|#[^\n]*|"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|[{}:<>,;\[\]]|[^\s{}:<>,;#\[\]]+')


def parse(text):
    tokens = [t for t in TOKEN.findall(text) if t.strip() and not t.startswith("#")]
    pos = 0

    def message(end):
        nonlocal pos
        fields = []
        while pos < len(tokens) and tokens[pos] != end:
            name = tokens[pos]
            pos += 1
            if tokens[pos] == ":":
                pos += 1
            if tokens[pos] in "{<":
                close = "}" if tokens[pos] == "{" else ">"
                pos += 1
                fields.append((name, message(close)))
                pos += 1
            else:
                value = tokens[pos]
                pos += 1
                fields.append((name, value.strip("\"'") if value[0] in "\"'" else value))
            while pos < len(tokens) and tokens[pos] in ",;":
                pos += 1
        return fields

    return message(None)


def get(fields, name, default=None):
    values = [v for k, v in fields if k == name]
    return values[-1] if values else default


def every(fields, name):
    return [v for k, v in fields if k == name]


def hw(p, name, default):
    """Caffe's name (1 or 2 values) or name_h/name_w, as (h, w)."""
    key = "kernel_size" if name == "kernel" else name
    v = [int(x) for x in every(p, key)]
    if v:
        return (v[0], v[-1]) if len(v) == 2 else (v[0], v[0])
    if get(p, name + "_h") is not None:
        return int(get(p, name + "_h")), int(get(p, name + "_w"))
    return default


V1 = {"CONVOLUTION": "Convolution", "POOLING": "Pooling", "INNER_PRODUCT": "InnerProduct",
      "RELU": "ReLU", "LRN": "LRN", "CONCAT": "Concat", "DROPOUT": "Dropout",
      "SOFTMAX": "Softmax", "SOFTMAX_LOSS": "SoftmaxWithLoss", "ACCURACY": "Accuracy",
      "DATA": "Data", "DECONVOLUTION": "Deconvolution", "CROP": "Crop", "ELTWISE": "Eltwise",
      "SPLIT": "Split"}
SAME_SHAPE = {"relu", "dropout", "softmax", "lrn", "sigmoid", "tanh", "split", "batchnorm"}


def count(path):
    net = parse(open(path).read())
    shapes, params, macs = {}, 0, 0
    inputs = every(net, "input")
    dims = [int(d) for d in every(net, "input_dim")]
    for s in every(net, "input_shape"):
        dims += [int(d) for d in every(s, "dim")]
    for i, name in enumerate(inputs):
        shapes[name] = tuple(dims[4 * i + 1:4 * i + 4])
    for kind, layer in net:
        if kind not in ("layer", "layers"):
            continue
        t = get(layer, "type")
        t = V1.get(t, t).lower()
        phase = [get(r, "phase") for r in every(layer, "include")]
        if "TRAIN" in phase and "TEST" not in phase and t not in ("data", "input"):
            continue
        bottoms, tops = every(layer, "bottom"), every(layer, "top")
        x = shapes.get(bottoms[0]) if bottoms else None
        if t in ("data", "input"):
            ip = get(layer, "input_param")
            if ip is not None:
                shapes[tops[0]] = tuple(int(d) for d in every(get(ip, "shape"), "dim"))[1:]
            else:
                crop = int(get(get(layer, "transform_param"), "crop_size"))
                shapes[tops[0]] = (3, crop, crop)
            continue
        if t.endswith("loss") or t == "accuracy":
            continue
        if t in ("convolution", "deconvolution"):
            p = get(layer, "convolution_param")
            n, g = int(get(p, "num_output")), int(get(p, "group", 1))
            kh, kw = hw(p, "kernel", None)
            sh, sw = hw(p, "stride", (1, 1))
            ph, pw = hw(p, "pad", (0, 0))
            c, h, w = x
            if t == "convolution":
                out = (n, (h + 2 * ph - kh) // sh + 1, (w + 2 * pw - kw) // sw + 1)
                macs += out[1] * out[2] * n * (c // g) * kh * kw
            else:
                out = (n, (h - 1) * sh - 2 * ph + kh, (w - 1) * sw - 2 * pw + kw)
                macs += h * w * c * (n // g) * kh * kw
            bias = get(p, "bias_term", "true") == "true"
            params += n * (c // g) * kh * kw + (n if bias else 0)
        elif t == "pooling":
            p = get(layer, "pooling_param")
            c, h, w = x
            if get(p, "global_pooling") == "true":
                out = (c, 1, 1)
            else:
                kh, kw = hw(p, "kernel", None)
                sh, sw = hw(p, "stride", (1, 1))
                ph, pw = hw(p, "pad", (0, 0))

                def size(n, k, s, pad):
                    o = math.ceil((n + 2 * pad - k) / s) + 1
                    return o - 1 if pad and (o - 1) * s >= n + pad else o
                out = (c, size(h, kh, sh, ph), size(w, kw, sw, pw))
        elif t == "innerproduct":
            p = get(layer, "inner_product_param")
            n, k = int(get(p, "num_output")), math.prod(x)
            macs += n * k
            params += n * k + (n if get(p, "bias_term", "true") == "true" else 0)
            out = (n,)
        elif t == "concat":
            parts = [shapes[b] for b in bottoms]
            out = (sum(s[0] for s in parts),) + parts[0][1:]
        elif t == "eltwise" or t in SAME_SHAPE:
            out = x
        elif t == "scale":
            out = x
            params += 2 * x[0] if get(get(layer, "scale_param", []), "bias_term") == "true" else x[0]
        elif t == "prelu":
            out = x
            params += 1 if get(get(layer, "prelu_param", []), "channel_shared") == "true" else x[0]
        elif t == "flatten":
            out = (math.prod(x),)
        elif t == "crop":
            out = x[:1] + shapes[bottoms[1]][1:]
        else:
            raise SystemExit(f"{path}: layer type {t} is not counted here")
        for top in tops or [get(layer, "name")]:
            shapes[top] = out
    return params, macs


if __name__ == "__main__":
    for f in sys.argv[1:]:
        p, m = count(f)
        print(f"{f}: params {p:,} MACs {m:,}")
