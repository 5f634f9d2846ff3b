#!/usr/bin/python3
"""Checks archcalc's whole-network outputs against PyTorch's, through
`archcalc run --load-weights --input --save-output`, on every backend.

For each model (torchvision's mobilenet_v2, efficientnet_b0, vit_b_16 by
default) it
  1. builds torchvision's model with weights=None under torch.manual_seed(0),
     in eval mode, then replaces the tensors torchvision initializes to
     constants (batch-norm statistics and affine terms, ViT's class token and
     zero-initialized head, zero biases) by seeded random values, so that
     every parameter matters to the output;
  2. writes every parameter as .npy under the name `archcalc run --save-weights`
     gives it: archcalc's own parameter files (from a --save-weights run) are
     listed in its layer order and paired one to one, in order, with the
     state_dict's tensors (ViT: the class token, patch embedding and position
     embedding reordered to archcalc's layer order); each pair must agree in
     element count and, up to leading 1s, in shape;
  3. writes a seeded N(0, 1) input of 1×3×224×224 and PyTorch's output;
  4. runs `archcalc run FILE --backend B --load-weights DIR --input x.npy
     --save-output y.npy` for every backend and prints, per backend, the
     largest absolute difference from PyTorch's output and that difference
     over PyTorch's largest output magnitude. A model fails when the latter
     exceeds --tolerance (default 1e-4).

Run from the repository root with Debian's Python (python3-torch):
  /usr/bin/python3 scripts/torch_check.py [--archcalc build/release/archcalc]
      [--models mobilenet_v2 efficientnet_b0 vit_b_16] [--out build/torch_check]
Exit status 1 when a model exceeds the tolerance on a backend.
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np
import torch
import torchvision

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
BACKENDS = ["reference", "gemm", "onednn"]


def randomize(model, gen):
    """Seeded random values for the tensors torchvision sets to constants."""
    with torch.no_grad():
        for name, m in model.named_modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.copy_(torch.rand(m.weight.shape, generator=gen) + 0.5)
                m.bias.copy_(torch.rand(m.bias.shape, generator=gen) - 0.5)
                m.running_mean.copy_(torch.rand(m.running_mean.shape, generator=gen) - 0.5)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=gen) + 0.5)
        for name, p in model.named_parameters():
            if torch.count_nonzero(p) == 0:
                p.copy_(torch.randn(p.shape, generator=gen) * 0.02)


def torch_tensors(model_name, model):
    """The state_dict's tensors in archcalc's layer order (no num_batches_tracked)."""
    sd = [(k, v) for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")]
    if model_name == "vit_b_16":
        # archcalc: patch_embed (weight, bias), class_token, pos_embed, then the encoder.
        first = {k: v for k, v in sd[:4]}
        order = ["conv_proj.weight", "conv_proj.bias", "class_token", "encoder.pos_embedding"]
        assert set(first) == set(order), list(first)
        sd = [(k, first[k]) for k in order] + sd[4:]
    return sd


def archcalc_files(archcalc, yaml, weights_dir):
    """archcalc's parameter files of `yaml`, in its layer order."""
    subprocess.run([archcalc, "run", yaml, "--backend", "onednn", "--repeat", "1", "--warmup", "0",
                    "--save-weights", weights_dir, "-o", os.devnull], check=True)
    layers = json.loads(subprocess.run([archcalc, "analyze", yaml, "--format", "json"], check=True,
                                       capture_output=True, text=True).stdout)["layers"]
    files = set(os.listdir(weights_dir))
    out = []
    for layer in layers:
        stem = layer["name"].replace("/", ".")
        for suffix in ["weight", "bias", "running_mean", "running_var"]:
            f = f"{stem}.{suffix}.npy"
            if f in files:
                out.append(f)
                files.remove(f)
    assert not files, f"files of no layer: {sorted(files)[:5]}"
    return out


def squeeze(shape):
    s = list(shape)
    while len(s) > 1 and s[0] == 1:
        s = s[1:]
    return s


def write_weights(model_name, model, archcalc, yaml, weights_dir):
    names = archcalc_files(archcalc, yaml, weights_dir)
    tensors = torch_tensors(model_name, model)
    assert len(names) == len(tensors), f"{len(names)} archcalc tensors, {len(tensors)} PyTorch"
    for f, (key, t) in zip(names, tensors):
        want = np.load(os.path.join(weights_dir, f), mmap_mode="r").shape
        assert squeeze(want) == squeeze(t.shape), f"{f} {want} vs {key} {tuple(t.shape)}"
        np.save(os.path.join(weights_dir, f), t.detach().numpy().astype("<f4").reshape(want))


def check(args, model_name):
    yaml = os.path.join(ROOT, "architectures", model_name + ".yaml")
    out = os.path.join(args.out, model_name)
    weights = os.path.join(out, "weights")
    os.makedirs(weights, exist_ok=True)
    torch.manual_seed(0)
    model = getattr(torchvision.models, model_name)(weights=None).eval()
    gen = torch.Generator().manual_seed(1)
    randomize(model, gen)
    write_weights(model_name, model, args.archcalc, yaml, weights)
    x = torch.randn((1, 3, 224, 224), generator=gen)
    with torch.no_grad():
        want = model(x).numpy().reshape(-1)
    np.save(os.path.join(out, "input.npy"), x.numpy().astype("<f4"))
    np.save(os.path.join(out, "torch_output.npy"), want.astype("<f4"))
    scale = float(np.abs(want).max())
    ok = True
    for backend in args.backends:
        got_path = os.path.join(out, f"output_{backend}.npy")
        subprocess.run([args.archcalc, "run", yaml, "--backend", backend, "--repeat", "1",
                        "--warmup", "0", "--load-weights", weights, "--input",
                        os.path.join(out, "input.npy"), "--save-output", got_path, "-o", os.devnull],
                       check=True)
        got = np.load(got_path).reshape(-1)
        err = float(np.abs(got.astype(np.float64) - want).max())
        rel = err / scale
        passed = rel <= args.tolerance
        ok = ok and passed
        print(f"| {model_name} | {backend} | {scale:.4g} | {err:.3g} | {rel:.3g} | "
              f"{'yes' if passed else 'NO'} |", flush=True)
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--archcalc", default=os.path.join(ROOT, "build/release/archcalc"))
    ap.add_argument("--models", nargs="+", default=["mobilenet_v2", "efficientnet_b0", "vit_b_16"])
    ap.add_argument("--backends", nargs="+", default=BACKENDS)
    ap.add_argument("--out", default=os.path.join(ROOT, "build/torch_check"))
    ap.add_argument("--tolerance", type=float, default=1e-4)
    args = ap.parse_args()
    print(f"torch {torch.__version__}, torchvision {torchvision.__version__}; "
          f"tolerance: max |archcalc − PyTorch| ≤ {args.tolerance:g} × max |PyTorch|\n")
    print("| model | backend | max abs(PyTorch) | max abs error | relative | within |")
    print("|---|---|--:|--:|--:|---|")
    ok = all([check(args, m) for m in args.models])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
