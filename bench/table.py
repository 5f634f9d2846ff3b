#!/usr/bin/python3
"""Merges Google Benchmark's JSON (archcalc) and torch_bench.py's JSON into
Markdown tables: the sgemm peak, per-layer GFLOP/s of every backend and
PyTorch, and the ratios the targets are stated in. (Whole networks:
bench/interleave_table.py.)"""
import json
import sys

LAYERS = ["vgg16_conv1_2", "vgg16_conv3_2", "vgg16_conv5_1", "resnet50_1x1", "resnet50_3x3",
          "inception_5x5_naive", "inception_5x5_reduced", "alexnet_conv1"]


def load(gb_path, torch_path):
    """{(kind, name, backend, threads): (median seconds, flops)}."""
    out = {}
    for b in json.load(open(gb_path))["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        kind, *rest = [p for p in b["run_name"].split("/") if p != "real_time"]
        if kind == "sgemm":
            lib, threads = rest
            name, backend = "sgemm 2048", lib
        else:
            name, backend, threads = rest
        out[(kind, name, backend, int(threads))] = (b["real_time"] / 1e3, b.get("flops", 0))
    for t in json.load(open(torch_path)):
        name = "sgemm 2048" if t["kind"] == "sgemm" else t["name"]
        out[(t["kind"], name, "pytorch", t["threads"])] = (t["median_s"], t.get("flops", 0))
    return out


def layer_tables(r, threads, flops):
    """The sgemm peak and the per-layer GFLOP/s."""
    print("### Practical peak: sgemm 2048×2048×2048 (GFLOP/s)\n")
    print("| threads | OpenBLAS | oneDNN | PyTorch (torch.mm) |")
    print("|---:|---:|---:|---:|")
    peak = {}
    for t in threads:
        cells = []
        for lib in ["openblas", "onednn", "pytorch"]:
            v = r.get(("sgemm", "sgemm 2048", lib, t))
            g = flops["sgemm 2048"] / v[0] / 1e9 if v else None
            cells.append(f"{g:.1f}" if g else "-")
            if g:
                peak[t] = max(peak.get(t, 0), g)
        print(f"| {t} | " + " | ".join(cells) + " |")
    print("\nPeak below = the fastest sgemm at that thread count.\n")
    print("### Layers (GFLOP/s, median of 10; % of peak; ratio to PyTorch's time)\n")
    print("| layer | threads | reference | gemm | onednn | PyTorch | best % of peak | gemm/onednn time | onednn/PyTorch time |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in LAYERS:
        for t in threads:
            f = flops.get(name, 0)
            g = {}
            for b in ["reference", "gemm", "onednn", "pytorch"]:
                v = r.get(("layer", name, b, t))
                g[b] = (f / v[0] / 1e9, v[0]) if v and f else None
            cell = lambda b: f"{g[b][0]:.1f}" if g[b] else "-"
            best = max((g[b][0] for b in ["gemm", "onednn"] if g[b]), default=0)
            ratio = lambda a, b: f"{g[a][1] / g[b][1]:.2f}×" if g[a] and g[b] else "-"
            print(f"| {name} | {t} | {cell('reference')} | {cell('gemm')} | {cell('onednn')} | "
                  f"{cell('pytorch')} | {100 * best / peak[t]:.0f}% | {ratio('gemm', 'onednn')} | "
                  f"{ratio('onednn', 'pytorch')} |")


def main():
    r = load(sys.argv[1], sys.argv[2])
    threads = sorted({k[3] for k in r})
    # FLOPs of a layer: archcalc's count (the same conv in PyTorch).
    flops = {k[1]: v[1] for k, v in r.items() if v[1]}
    layer_tables(r, threads, flops)


if __name__ == "__main__":
    main()
