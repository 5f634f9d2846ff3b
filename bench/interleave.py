#!/usr/bin/python3
"""Whole networks, archcalc beside PyTorch, interleaved: for each thread count
and network, every repetition runs one forward pass of each side (archcalc's
backends through bench/bench_serve.cpp, PyTorch in this process), the order
rotating from one repetition to the next, with a pause before each pass so
that neither side's idle worker threads still spin when the other starts.
On a shared machine a burst of load then falls on every side alike.
Prints JSON: {"context": {...}, "results": [{"name", "threads", "side",
"median_s", "samples"}, ...], "loadavg": [{"name", "threads", "start", "end"}]}."""
import argparse
import json
import os
import re
import statistics
import subprocess
import time

import torch

from torch_bench import limit_openblas, networks


class Archcalc:
    """bench_serve: one forward pass per request."""

    def __init__(self, path):
        self.proc = subprocess.Popen([path], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1)
        self.context = json.loads(self.proc.stdout.readline())

    def ask(self, line):
        self.proc.stdin.write(line + "\n")
        answer = self.proc.stdout.readline().strip()
        if not answer or answer.startswith("error"):
            raise SystemExit(f"bench_serve: {line}: {answer or 'no answer'}")
        return answer

    def forward(self, file, backend, threads):
        return float(self.ask(f"{file} {backend} {threads}"))


def main():
    ap = argparse.ArgumentParser()
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    ap.add_argument("--serve", default=os.path.join(root, "build/release/bench/archcalc_bench_serve"))
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--backends", nargs="+", default=["gemm", "onednn"])
    ap.add_argument("--pause", type=float, default=0.2, help="seconds before each pass")
    ap.add_argument("--filter", default="", help="only the networks whose 'network/NAME' it finds")
    args = ap.parse_args()
    torch.manual_seed(1)
    ac = Archcalc(args.serve)
    context = dict(ac.context, torch=torch.__version__,
                   openblas_coretype=os.environ.get("OPENBLAS_CORETYPE", ""),
                   repeat=args.repeat, warmup=args.warmup, pause_s=args.pause)
    results, loads = [], []
    for threads in args.threads:
        torch.set_num_threads(threads)
        limit_openblas(threads)
        for name, make in networks():
            if not re.search(args.filter, "network/" + name):
                continue
            model, shape = make()
            model.eval()
            x = torch.randn(*shape)
            file = os.path.normpath(os.path.join(root, "architectures", name + ".yaml"))

            def torch_pass():
                start = time.perf_counter()
                model(x)
                return time.perf_counter() - start

            sides = {b: (lambda b=b: ac.forward(file, b, threads)) for b in args.backends}
            sides["pytorch"] = torch_pass
            order = list(sides)
            samples = {s: [] for s in order}
            start_load = os.getloadavg()
            with torch.no_grad():
                for i in range(args.warmup + args.repeat):
                    for s in order[i % len(order):] + order[:i % len(order)]:
                        time.sleep(args.pause)
                        t = sides[s]()
                        if i >= args.warmup:
                            samples[s].append(t)
            loads.append({"name": name, "threads": threads, "start": start_load[0],
                          "end": os.getloadavg()[0]})
            ac.ask("drop")
            for s in order:
                results.append({"name": name, "threads": threads, "side": s,
                                "median_s": statistics.median(samples[s]), "samples": samples[s]})
    print(json.dumps({"context": context, "results": results, "loadavg": loads}, indent=1))


if __name__ == "__main__":
    main()
