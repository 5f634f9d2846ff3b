#!/usr/bin/python3
"""Writes the fixtures of tests/exec/module_agreement.py: each module of
architectures/modules/ that uses the modern ops (squeeze-and-excitation, the
MobileNetV3 bottleneck, the ConvNeXt block, the ViT encoder block), at a
small size chosen with --set, written again in PyTorch from the same
definition, with seeded random parameters and input, and PyTorch's output.

For each module, tests/data/torch_modules/NAME/ gets
  case.json        the YAML file and its --set values
  weights/*.npy    every parameter, under the name `archcalc run --save-weights`
                   gives it (the files of that run are each given a tensor:
                   the script stops if one is left over or missing)
  input.npy        a seeded N(0, 1) input, batch 1
  output.npy       PyTorch's output for it

Run from the repository root with Debian's Python (python3-torch):
  /usr/bin/python3 tests/reference/module_fixtures.py --archcalc build/release/archcalc
"""
import argparse
import json
import os
import shutil
import subprocess
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "tests", "data", "torch_modules")


def rand(gen, *shape, scale=1.0, shift=0.0):
    return torch.randn(shape, generator=gen) * scale + shift


def batchnorm(gen, c):
    """A batch norm's four tensors, eval mode, away from the identity."""
    return {"weight": torch.rand(c, generator=gen) + 0.5, "bias": torch.rand(c, generator=gen) - 0.5,
            "running_mean": torch.rand(c, generator=gen) - 0.5,
            "running_var": torch.rand(c, generator=gen) + 0.5}


def bn(x, p):
    return F.batch_norm(x, p["running_mean"], p["running_var"], p["weight"], p["bias"], False, 0.0,
                        1e-5)


def se_block(gen):
    c, size, sq = 8, 5, 4
    p = {"fc1.weight": rand(gen, sq, c, 1, 1, scale=0.5), "fc1.bias": rand(gen, sq, scale=0.1),
         "fc2.weight": rand(gen, c, sq, 1, 1, scale=0.5), "fc2.bias": rand(gen, c, scale=0.1)}

    def forward(x):
        s = x.mean(dim=(2, 3), keepdim=True)
        s = F.relu(F.conv2d(s, p["fc1.weight"], p["fc1.bias"]))
        s = F.hardsigmoid(F.conv2d(s, p["fc2.weight"], p["fc2.bias"]))
        return x * s

    return [f"channels={c}", f"size={size}", f"squeeze={sq}"], (c, size, size), p, forward


def mobilenet_v3_block(gen):
    c, size, e, sq = 8, 6, 16, 8
    p = {"expand.weight": rand(gen, e, c, 1, 1, scale=0.3)}
    p.update({f"expand_bn.{k}": v for k, v in batchnorm(gen, e).items()})
    p["dw.weight"] = rand(gen, e, 1, 3, 3, scale=0.3)
    p.update({f"dw_bn.{k}": v for k, v in batchnorm(gen, e).items()})
    p.update({"se_fc1.weight": rand(gen, sq, e, 1, 1, scale=0.3), "se_fc1.bias": rand(gen, sq, scale=0.1),
              "se_fc2.weight": rand(gen, e, sq, 1, 1, scale=0.3), "se_fc2.bias": rand(gen, e, scale=0.1),
              "project.weight": rand(gen, c, e, 1, 1, scale=0.3)})
    p.update({f"project_bn.{k}": v for k, v in batchnorm(gen, c).items()})
    sub = lambda prefix: {k[len(prefix) + 1:]: v for k, v in p.items() if k.startswith(prefix + ".")}

    def forward(x):
        y = F.hardswish(bn(F.conv2d(x, p["expand.weight"]), sub("expand_bn")))
        y = F.hardswish(bn(F.conv2d(y, p["dw.weight"], padding=1, groups=e), sub("dw_bn")))
        s = y.mean(dim=(2, 3), keepdim=True)
        s = F.relu(F.conv2d(s, p["se_fc1.weight"], p["se_fc1.bias"]))
        s = F.hardsigmoid(F.conv2d(s, p["se_fc2.weight"], p["se_fc2.bias"]))
        y = bn(F.conv2d(y * s, p["project.weight"]), sub("project_bn"))
        return y + x

    return [f"channels={c}", f"size={size}", f"expand={e}", f"squeeze={sq}"], (c, size, size), p, forward


def convnext_block(gen):
    dim, size = 8, 6
    p = {"dwconv.weight": rand(gen, dim, 1, 7, 7, scale=0.2), "dwconv.bias": rand(gen, dim, scale=0.1),
         "norm.weight": rand(gen, dim, scale=0.2, shift=1.0), "norm.bias": rand(gen, dim, scale=0.1),
         "pw1.weight": rand(gen, 4 * dim, dim, scale=0.3), "pw1.bias": rand(gen, 4 * dim, scale=0.1),
         "pw2.weight": rand(gen, dim, 4 * dim, scale=0.2), "pw2.bias": rand(gen, dim, scale=0.1),
         "gamma.weight": rand(gen, dim, scale=0.5)}

    def forward(x):  # torchvision's CNBlock: permutes around the norm, the MLP and the layer scale
        y = F.conv2d(x, p["dwconv.weight"], p["dwconv.bias"], padding=3, groups=dim)
        y = y.permute(0, 2, 3, 1)
        y = F.layer_norm(y, (dim,), p["norm.weight"], p["norm.bias"], 1e-6)
        y = F.gelu(F.linear(y, p["pw1.weight"], p["pw1.bias"]))
        y = F.linear(y, p["pw2.weight"], p["pw2.bias"]) * p["gamma.weight"]
        return y.permute(0, 3, 1, 2) + x

    return [f"dim={dim}", f"size={size}"], (dim, size, size), p, forward


def vit_block(gen):
    # Heads of 64 channels, so that the file's fixed attention scale 0.125 is 1/√64.
    tokens, dim, heads, mlp = 5, 128, 2, 64
    p = {"block.ln1.weight": rand(gen, dim, scale=0.2, shift=1.0), "block.ln1.bias": rand(gen, dim, scale=0.1),
         "block.attn.qkv.weight": rand(gen, 3 * dim, dim, scale=0.1),
         "block.attn.qkv.bias": rand(gen, 3 * dim, scale=0.1),
         "block.attn.proj.weight": rand(gen, dim, dim, scale=0.1),
         "block.attn.proj.bias": rand(gen, dim, scale=0.1),
         "block.ln2.weight": rand(gen, dim, scale=0.2, shift=1.0), "block.ln2.bias": rand(gen, dim, scale=0.1),
         "block.fc1.weight": rand(gen, mlp, dim, scale=0.1), "block.fc1.bias": rand(gen, mlp, scale=0.1),
         "block.fc2.weight": rand(gen, dim, mlp, scale=0.1), "block.fc2.bias": rand(gen, dim, scale=0.1)}
    mha = torch.nn.MultiheadAttention(dim, heads, batch_first=True).eval()
    with torch.no_grad():
        mha.in_proj_weight.copy_(p["block.attn.qkv.weight"])
        mha.in_proj_bias.copy_(p["block.attn.qkv.bias"])
        mha.out_proj.weight.copy_(p["block.attn.proj.weight"])
        mha.out_proj.bias.copy_(p["block.attn.proj.bias"])

    def forward(x):  # torchvision's EncoderBlock, dropout off
        y = F.layer_norm(x, (dim,), p["block.ln1.weight"], p["block.ln1.bias"], 1e-6)
        y, _ = mha(y, y, y, need_weights=False)
        x = x + y
        y = F.layer_norm(x, (dim,), p["block.ln2.weight"], p["block.ln2.bias"], 1e-6)
        y = F.gelu(F.linear(y, p["block.fc1.weight"], p["block.fc1.bias"]))
        return x + F.linear(y, p["block.fc2.weight"], p["block.fc2.bias"])

    return [f"tokens={tokens}", f"dim={dim}", f"heads={heads}", f"mlp={mlp}"], (tokens, dim), p, forward


MODULES = {"se_block": se_block, "mobilenet_v3_block": mobilenet_v3_block,
           "convnext_block": convnext_block, "vit_block": vit_block}


def archcalc_files(archcalc, yaml, sets):
    """The parameter files `archcalc run --save-weights` writes for the module."""
    with tempfile.TemporaryDirectory() as d:
        cmd = [archcalc, "run", yaml, "--backend", "reference", "--repeat", "1", "--warmup", "0",
               "--save-weights", d, "-o", os.devnull]
        for s in sets:
            cmd += ["--set", s]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        return {f[:-len(".npy")]: np.load(os.path.join(d, f)).shape for f in os.listdir(d)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--archcalc", default=os.path.join(ROOT, "build/release/archcalc"))
    a = ap.parse_args()
    torch.set_grad_enabled(False)
    for k, (name, build) in enumerate(MODULES.items()):
        gen = torch.Generator().manual_seed(100 + k)
        sets, shape, params, forward = build(gen)
        rel = os.path.join("architectures", "modules", name + ".yaml")
        files = archcalc_files(a.archcalc, os.path.join(ROOT, rel), sets)
        assert set(files) == set(params), f"{name}: {sorted(set(files) ^ set(params))}"
        out = os.path.join(OUT, name)
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(os.path.join(out, "weights"))
        for key, t in params.items():
            assert np.prod(files[key]) == t.numel(), f"{name} {key}: {files[key]} vs {tuple(t.shape)}"
            np.save(os.path.join(out, "weights", key + ".npy"),
                    t.numpy().astype("<f4").reshape(files[key]))
        x = torch.randn((1,) + shape, generator=gen)
        np.save(os.path.join(out, "input.npy"), x.numpy().astype("<f4"))
        np.save(os.path.join(out, "output.npy"), forward(x).numpy().astype("<f4"))
        with open(os.path.join(out, "case.json"), "w") as f:
            json.dump({"file": rel, "set": sets, "torch": torch.__version__}, f, indent=1)
            f.write("\n")
        print(f"{name}: {len(params)} tensors, input {shape}, --set {' '.join(sets)}")


if __name__ == "__main__":
    main()
