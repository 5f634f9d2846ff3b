#!/usr/bin/python3
"""Reference figures for `archcalc analyze --input` at another resolution.

Counts torchvision models with forward hooks, by the conventions of
docs/format.md: params are the trainable parameters; MACs are those of conv
(H_out*W_out*C_out*C_in/groups*k_h*k_w) and linear (in*out) layers only;
activations are the elements of every output of a conv, batch norm, ReLU,
pooling, add and linear (the sum over layer outputs, input excluded) at
batch 1. tests/test_cli_counting.cpp asserts archcalc's figures against the
numbers this prints.

Run with Debian's Python (torch, torchvision 0.14): /usr/bin/python3 THIS
"""
import torch
import torchvision


def count(model, shape):
    macs = 0

    def hook(module, inputs, output):
        nonlocal macs
        if isinstance(module, torch.nn.Conv2d):
            k = module.kernel_size[0] * module.kernel_size[1]
            macs += output.numel() * (module.in_channels // module.groups) * k
        elif isinstance(module, torch.nn.Linear):
            macs += module.in_features * module.out_features

    for m in model.modules():
        if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
            m.register_forward_hook(hook)
    model.eval()
    with torch.no_grad():
        out = model(torch.zeros(1, *shape))
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return params, macs, tuple(out.shape[1:])


if __name__ == "__main__":
    for name, shape in [("resnet50", (3, 160, 160)), ("resnet50", (3, 224, 224)),
                        ("resnet18", (3, 96, 128))]:
        model = getattr(torchvision.models, name)(weights=None)
        params, macs, out = count(model, shape)
        print(f"{name} {'x'.join(map(str, shape))}: params {params} MACs {macs} output {out}")
