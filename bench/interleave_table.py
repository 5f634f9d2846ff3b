#!/usr/bin/python3
"""bench/interleave.py's JSON as one Markdown table: per network and thread
count, the median ms of every side (the fastest of its passes in brackets),
the fastest archcalc backend's median over PyTorch's, the fastest pass of any
backend over PyTorch's fastest, and the 1-minute load average at the start and end of its
block."""
import json
import sys


def main():
    run = json.load(open(sys.argv[1]))
    c = run["context"]
    forced = f" (forced by OPENBLAS_CORETYPE={c['openblas_coretype']})" if c["openblas_coretype"] else ""
    print(f"Kernels: OpenBLAS {c['openblas_core']}{forced}; oneDNN {c['onednn_version']} "
          f"dispatching to {c['onednn_isa']}; PyTorch {c['torch']}. Medians of {c['repeat']} "
          f"interleaved repetitions after {c['warmup']} warm-up, a {c['pause_s']} s pause "
          f"before every pass.\n")
    sides = []
    for r in run["results"]:
        if r["side"] not in sides:
            sides.append(r["side"])
    backends = [s for s in sides if s != "pytorch"]
    med = {(r["name"], r["threads"], r["side"]): r["median_s"] for r in run["results"]}
    low = {(r["name"], r["threads"], r["side"]): min(r["samples"]) for r in run["results"]}
    loads = {(l["name"], l["threads"]): l for l in run["loadavg"]}
    print("| network | threads | " + " | ".join(backends) + " | PyTorch | fastest | "
          "fastest/PyTorch | of the fastest passes | load average |")
    print("|---|---:|" + "---:|" * len(backends) + "---:|---|---:|---:|---|")
    for name, threads in loads:
        ms = {s: med[(name, threads, s)] * 1e3 for s in sides}
        lo = {s: low[(name, threads, s)] * 1e3 for s in sides}
        best = min(backends, key=lambda b: ms[b])
        l = loads[(name, threads)]
        cells = " | ".join(f"{ms[s]:.1f} ({lo[s]:.1f})" for s in sides)
        quickest = min(lo[b] for b in backends)
        print(f"| {name} | {threads} | {cells} | {best} | {ms[best] / ms['pytorch']:.2f}× | "
              f"{quickest / lo['pytorch']:.2f}× | {l['start']:.2f}–{l['end']:.2f} |")


if __name__ == "__main__":
    main()
