#!/usr/bin/python3
"""PyTorch's figures for the modules in architectures/modules/ built from
torchvision's own classes: params (sum of p.numel()) and MACs (convolution and
matrix products, counted as scripts/torchvision_onnx.py counts them).
test_ops_modern.cpp asserts the same numbers. Run from the repository root:
  /usr/bin/python3 tests/reference/module_figures.py
"""
import os
import sys

import torch
from torch import nn
from torchvision.models import convnext, mobilenetv3, vision_transformer
from torchvision.ops.misc import SqueezeExcitation

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from torchvision_onnx import MacCounter  # noqa: E402


def figures(module, shape):
    module.eval()
    params = sum(p.numel() for p in module.parameters())
    counter = MacCounter()
    with counter:  # gradients on: attention takes its composite path
        module(torch.zeros((1,) + shape))
    return params, counter.macs


def main():
    vit = vision_transformer.EncoderBlock(12, 768, 3072, 0.0, 0.0)
    squeeze = SqueezeExcitation(72, 24, scale_activation=nn.Hardsigmoid)
    cn = convnext.CNBlock(96, 1e-6, 0.0)
    cfg = mobilenetv3.InvertedResidualConfig(112, 3, 672, 112, True, "HS", 1, 1, 1.0)
    mb = mobilenetv3.InvertedResidual(cfg, nn.BatchNorm2d)
    for name, m, shape in [("vit_block", vit, (197, 768)), ("se_block", squeeze, (72, 28, 28)),
                           ("convnext_block", cn, (96, 56, 56)),
                           ("mobilenet_v3_block", mb, (112, 14, 14))]:
        p, macs = figures(m, shape)
        print(f"{name}: {p:,} params, {macs:,} MACs")


if __name__ == "__main__":
    main()
