#!/usr/bin/python3
"""Writes the decoder models the ONNX resampling tests read
(tests/test_import_onnx_resample.cpp): PyTorch modules exported at opset 13,
weights included, so the files are what a user's export holds.

Run from this directory with Debian's python3-torch: /usr/bin/python3 gen_resample.py.
It prints PyTorch's own figures for each model (parameters, and MACs of the
convolutions and transposed convolutions), which the tests assert.
"""
import torch
import torch.nn.functional as F
from torch import nn


class Decoder(nn.Module):
    """conv 3→8 → transposed conv 8→4 k3/2 (pad 1, output_padding 1) → nearest ×2
    → conv 4→2 1×1 → bilinear to a constant 64×64 → bilinear to twice the
    traced size (a Shape subgraph) → grouped transposed conv k2/2, no bias."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.up1 = nn.ConvTranspose2d(8, 4, 3, stride=2, padding=1, output_padding=1)
        self.conv2 = nn.Conv2d(4, 2, 1)
        self.up2 = nn.ConvTranspose2d(2, 2, 2, stride=2, groups=2, bias=False)

    def forward(self, x):
        x = F.interpolate(self.up1(self.conv1(x)), scale_factor=2, mode="nearest")
        x = F.interpolate(self.conv2(x), size=(64, 64), mode="bilinear", align_corners=False)
        x = F.interpolate(x, size=[2 * s for s in x.shape[-2:]], mode="bilinear",
                          align_corners=False)
        return self.up2(x)


class Resample(nn.Module):
    """One F.interpolate with the given arguments (the models archcalc refuses)."""

    def __init__(self, **kwargs):
        super().__init__()
        self.kwargs = kwargs

    def forward(self, x):
        return F.interpolate(x, **self.kwargs)


def figures(model, x):
    """PyTorch's parameters, and the MACs of its Conv2d and ConvTranspose2d
    layers (output elements × input channels per group × kernel for a conv;
    input elements × output channels per group × kernel for a transposed one)."""
    macs = []

    def hook(m, inputs, y):
        k = m.kernel_size[0] * m.kernel_size[1]
        if isinstance(m, nn.ConvTranspose2d):
            macs.append(inputs[0].numel() * (m.out_channels // m.groups) * k)
        else:
            macs.append(y.numel() * (m.in_channels // m.groups) * k)

    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            m.register_forward_hook(hook)
    with torch.no_grad():
        y = model(x)
    return sum(p.numel() for p in model.parameters()), sum(macs), list(y.shape)


def export(model, x, path):
    model.eval()
    params, macs, shape = figures(model, x)
    torch.onnx.export(model, x, path, opset_version=13, input_names=["x"], output_names=["y"])
    print(f"{path}: params {params}, MACs {macs}, output {shape}")


if __name__ == "__main__":
    torch.manual_seed(0)
    export(Decoder(), torch.zeros(1, 3, 8, 8), "decoder.onnx")
    export(Resample(scale_factor=2, mode="bilinear", align_corners=True),
           torch.zeros(1, 2, 4, 4), "resize_align_corners.onnx")
    export(Resample(scale_factor=1.5, mode="nearest"), torch.zeros(1, 2, 4, 4),
           "resize_fractional.onnx")
