#!/usr/bin/env python3
"""Prints bench/loader.sh's results as Markdown: per chain length, yaml-cpp's
bare event parse and `archcalc analyze` (medians), their ratio, the time per
layer and peak memory; then ResNet-152; each against its target."""
import json
import sys

TARGET_SECONDS, TARGET_MIB, TARGET_RATIO = 2.5, 150, 1.5
RESNET_MS, RESNET_MIB = 17, 15


def medians(path):
    out = {}
    for b in json.load(open(path))["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        # "analyze_chain/12500/iterations:1/manual_time" → "analyze_chain/12500"
        parts = b["run_name"].split("/")
        name = "/".join(p for p in parts if ":" not in p and not p.endswith("_time"))
        out[name] = b
    return out


def seconds(b):
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
    return b["real_time"] * scale


def main():
    m = medians(sys.argv[1])
    chains = sorted(int(k.split("/")[1]) for k in m if k.startswith("analyze_chain/"))
    print("| layers | yaml-cpp event parse | archcalc analyze | ratio | per layer | peak RSS |")
    print("|---:|---:|---:|---:|---:|---:|")
    per_layer = {}
    for n in chains:
        parse = seconds(m[f"yaml_event_parse/{n}"])
        run = m[f"analyze_chain/{n}"]
        t = seconds(run)
        per_layer[n] = t / n
        print(f"| {n:,} | {parse:.3f} s | {t:.3f} s | {t / parse:.2f}× | "
              f"{t / n * 1e6:.1f} µs | {run['peak_rss_mib']:.1f} MiB |")
    r = m.get("analyze_resnet152")
    print()
    if chains:
        n = chains[-1]
        t = seconds(m[f"analyze_chain/{n}"])
        parse = seconds(m[f"yaml_event_parse/{n}"])
        rss = m[f"analyze_chain/{n}"]["peak_rss_mib"]
        lin = per_layer[n] / per_layer[chains[0]]
        print(f"- {n:,} layers: {t:.2f} s (target ≤ {TARGET_SECONDS} s: "
              f"{'met' if t <= TARGET_SECONDS else 'missed'}), {rss:.0f} MiB (≤ {TARGET_MIB}: "
              f"{'met' if rss <= TARGET_MIB else 'missed'}), {t / parse:.2f}× the event parse "
              f"(≤ {TARGET_RATIO}×: {'met' if t / parse <= TARGET_RATIO else 'missed'})")
        print(f"- linear: time per layer at {n:,} is {lin:.2f}× that at {chains[0]:,}")
    if r:
        t = seconds(r) * 1e3
        print(f"- ResNet-152: {t:.1f} ms (≤ {RESNET_MS} ms: {'met' if t <= RESNET_MS else 'missed'}), "
              f"{r['peak_rss_mib']:.1f} MiB (≤ {RESNET_MIB} MiB: "
              f"{'met' if r['peak_rss_mib'] <= RESNET_MIB else 'missed'})")


if __name__ == "__main__":
    main()
