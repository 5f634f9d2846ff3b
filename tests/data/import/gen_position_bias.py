#!/usr/bin/python3
"""Writes small Swin and MaxViT models (torchvision's own classes) exported the
default way (tests/test_import_position_bias.cpp reads them).

Run from this directory with Debian's python3-torch and python3-torchvision:
/usr/bin/python3 gen_position_bias.py. Both export each attention's relative
position bias already gathered from its table: [heads, N, N] values per
attention instead of the model's (2w-1)^2 x heads for w x w windows (N = w^2).
With 3 x 3 windows that is 81 values per head instead of 25. Prints PyTorch's
params (sum of p.numel()) beside the ONNX files' learned values.
"""
import torch
import torchvision
from torchvision.models.maxvit import MaxVit
from torchvision.models.swin_transformer import SwinTransformer


def swin():
    # 24 x 24 input, 4 x 4 patches: 6 x 6 tokens in 3 x 3 windows (the second
    # block shifted), then 3 x 3 tokens in one window; heads 1 + 1 + 2 = 4.
    return SwinTransformer(patch_size=[4, 4], embed_dim=8, depths=[2, 1], num_heads=[1, 2],
                           window_size=[3, 3], num_classes=10, stochastic_depth_prob=0.0), 24


def maxvit():
    # 12 x 12 input: the stem halves it to 6 x 6, the block to 3 x 3, one 3 x 3
    # window; a block and a grid attention of 16 / 8 = 2 heads each: 4 heads.
    return MaxVit(input_size=(12, 12), stem_channels=8, partition_size=3, block_channels=[16],
                  block_layers=[1], head_dim=8, stochastic_depth_prob=0.0, num_classes=10), 12


def export(name, build):
    torch.manual_seed(0)
    model, size = build()
    model.eval()
    path = f"tv_{name}_bias.onnx"
    torch.onnx.export(model, torch.zeros(1, 3, size, size), path, opset_version=13)
    print(path, "params", sum(p.numel() for p in model.parameters()))


if __name__ == "__main__":
    export("swin", swin)
    export("maxvit", maxvit)
