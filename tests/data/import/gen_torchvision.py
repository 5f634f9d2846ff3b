#!/usr/bin/python3
"""Writes the torchvision models the ONNX import tests read (tests/test_import_torchvision.cpp).

Run from this directory with Debian's python3-torch and python3-torchvision:
/usr/bin/python3 gen_torchvision.py. Each model is built with weights=None and
exported at opset 13 with its batch norms preserved and without its weights
(export_params=False: the parameters are graph inputs holding only their
shapes), so the committed files are small; the tests assert PyTorch's own
params (sum of p.numel()) and MACs (tests/data/zoo_figures.json).
"""
import sys

import torch
import torchvision

MODELS = ["squeezenet1_1", "shufflenet_v2_x0_5", "mnasnet0_5", "mobilenet_v3_small"]


def export(name):
    model = torchvision.models.get_model(name, weights=None).eval()
    torch.onnx.export(model, torch.zeros(1, 3, 224, 224), f"tv_{name}.onnx", opset_version=13,
                      export_params=False, training=torch.onnx.TrainingMode.PRESERVE,
                      do_constant_folding=False)


def export_folded():
    """conv (no bias) → batch norm → ReLU, exported in eval mode the default
    way: PyTorch folds the norm into the conv (tv_folded_bn.onnx)."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3, bias=False), torch.nn.BatchNorm2d(8),
                                torch.nn.ReLU()).eval()
    torch.onnx.export(model, torch.zeros(1, 3, 8, 8), "tv_folded_bn.onnx", opset_version=13)


if __name__ == "__main__":
    for name in sys.argv[1:] or MODELS:
        export(name)
    if not sys.argv[1:]:
        export_folded()
