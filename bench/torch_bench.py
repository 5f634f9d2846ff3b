#!/usr/bin/python3
"""PyTorch CPU side of bench/run.sh's sgemm and layers: torch.mm at 2048³ and the
layers of bench/layers/*.yaml, batch 1, fp32, eval mode, no_grad. Also the
networks bench/interleave.py times beside archcalc's: AlexNet (single tower,
as architectures/alexnet_single.yaml), VGG-16, GoogLeNet, ResNet-50,
MobileNetV2, EfficientNet-B0 and ViT-B/16 (torchvision).
Prints JSON: [{"kind", "name", "threads", "median_s", "samples"}, ...]."""
import argparse
import ctypes
import ctypes.util
import json
import os
import re
import statistics
import time

import torch
import torch.nn as nn
import torchvision
import yaml

LAYERS = ["vgg16_conv1_2", "vgg16_conv3_2", "vgg16_conv5_1", "resnet50_1x1", "resnet50_3x3",
          "inception_5x5_naive", "inception_5x5_reduced", "alexnet_conv1"]


def layer_model(path):
    """The single-layer file's convolutions as an nn.Sequential, and its input shape."""
    spec = yaml.safe_load(open(path))
    channels = spec["input"][0]
    mods = []
    for l in spec["layers"]:
        k = l["kernel"]
        mods.append(nn.Conv2d(channels, l["out"], k, stride=l.get("stride", 1),
                              padding=l.get("pad", 0), bias=l.get("bias", True)))
        channels = l["out"]
    return nn.Sequential(*mods), [1] + spec["input"]


def alexnet_single():
    """architectures/alexnet_single.yaml: 96/256/384/384/256, LRN, 227×227."""
    return nn.Sequential(
        nn.Conv2d(3, 96, 11, 4), nn.ReLU(), nn.MaxPool2d(3, 2), nn.LocalResponseNorm(5, 1e-4, 0.75, 1.0),
        nn.Conv2d(96, 256, 5, padding=2), nn.ReLU(), nn.MaxPool2d(3, 2),
        nn.LocalResponseNorm(5, 1e-4, 0.75, 1.0),
        nn.Conv2d(256, 384, 3, padding=1), nn.ReLU(), nn.Conv2d(384, 384, 3, padding=1), nn.ReLU(),
        nn.Conv2d(384, 256, 3, padding=1), nn.ReLU(), nn.MaxPool2d(3, 2), nn.Flatten(),
        nn.Linear(9216, 4096), nn.ReLU(), nn.Dropout(), nn.Linear(4096, 4096), nn.ReLU(),
        nn.Dropout(), nn.Linear(4096, 1000)), [1, 3, 227, 227]


def networks():
    m = torchvision.models
    yield "alexnet_single", alexnet_single
    yield "vgg16", lambda: (m.vgg16(), [1, 3, 224, 224])
    yield "googlenet_torchvision", lambda: (m.googlenet(aux_logits=False, init_weights=False),
                                            [1, 3, 224, 224])
    yield "resnet50", lambda: (m.resnet50(), [1, 3, 224, 224])
    yield "mobilenet_v2", lambda: (m.mobilenet_v2(), [1, 3, 224, 224])
    yield "efficientnet_b0", lambda: (m.efficientnet_b0(), [1, 3, 224, 224])
    yield "vit_b_16", lambda: (m.vit_b_16(), [1, 3, 224, 224])


def median_seconds(model, shape, repeat, warmup=2):
    x = torch.randn(*shape)
    samples = []
    with torch.no_grad():
        for i in range(warmup + repeat):
            start = time.perf_counter()
            model(x)
            if i >= warmup:
                samples.append(time.perf_counter() - start)
    return statistics.median(samples), samples


def limit_openblas(threads):
    """Debian's PyTorch runs torch.mm (and some convolutions) on the system
    OpenBLAS, whose own thread pool torch.set_num_threads does not size."""
    name = ctypes.util.find_library("openblas")
    if name:
        lib = ctypes.CDLL(name)
        lib.openblas_set_num_threads(ctypes.c_int(threads))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), ".."))
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--filter", default="",
                    help="only the cases whose 'kind/name' (e.g. layer/resnet50_1x1) this regex finds")
    args = ap.parse_args()
    torch.manual_seed(1)
    wanted = lambda case: re.search(args.filter, case) is not None
    out = []
    for threads in args.threads:
        torch.set_num_threads(threads)
        limit_openblas(threads)
        n = 2048
        a, b = torch.rand(n, n), torch.rand(n, n)
        if wanted("sgemm/torch.mm"):
            med, s = median_seconds(lambda x: torch.mm(a, b), [1], args.repeat)
            out.append({"kind": "sgemm", "name": "torch.mm", "threads": threads, "median_s": med,
                        "flops": 2.0 * n ** 3, "samples": s})
        for name in filter(lambda l: wanted("layer/" + l), LAYERS):
            model, shape = layer_model(os.path.join(args.root, "bench/layers", name + ".yaml"))
            med, s = median_seconds(model.eval(), shape, args.repeat)
            out.append({"kind": "layer", "name": name, "threads": threads, "median_s": med,
                        "samples": s})
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
