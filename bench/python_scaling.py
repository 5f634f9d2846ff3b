#!/usr/bin/env python3
"""How the Python module scales: analyses in threads (the GIL released) and
sweeps in one process against a local Dask cluster, measured side by side.

Each round runs every configuration once, in turn, so that a busy machine
slows all of them alike; the medians over the rounds are printed.

Usage (after a Release build into build/release, docs/python.md):
  PYTHONPATH=build/release/python /usr/bin/python3 bench/python_scaling.py [--rounds 5]
"""
import argparse
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import archcalc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESNET = os.path.join(ROOT, "architectures", "resnet50.yaml")
FAMILY = os.path.join(ROOT, "python", "examples", "resnet_like.yaml")
GRID = {"width": list(range(16, 129, 8)), "depth": [2, 3, 4, 5], "res": list(range(96, 321, 32))}


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def analyses(threads, count):
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda _: archcalc.analyze(RESNET), range(count)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--analyses", type=int, default=40)
    args = parser.parse_args()
    import distributed

    variants = 1
    for values in GRID.values():
        variants *= len(values)
    print(f"cores {os.cpu_count()}, load average {os.getloadavg()[0]:.2f}; "
          f"grid {variants} variants of resnet_like "
          f"({' × '.join(f'{k} {len(v)}' for k, v in GRID.items())}); {args.rounds} rounds",
          flush=True)
    times = {k: [] for k in ("threads1", "threads2", "sweep1", "dask2", "task", "point")}
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        whole = archcalc.sweep(FAMILY, GRID).to_dict()
        assert archcalc.sweep(FAMILY, GRID, client=client).to_dict() == whole
        client.gather(client.map(lambda x: x, range(100)))  # warm the workers
        for r in range(args.rounds):
            times["threads1"].append(timed(lambda: analyses(1, args.analyses)))
            times["threads2"].append(timed(lambda: analyses(2, args.analyses)))
            times["sweep1"].append(timed(lambda: archcalc.sweep(FAMILY, GRID)))
            times["dask2"].append(timed(lambda: archcalc.sweep(FAMILY, GRID, client=client)))
            # The cost of one task with nothing in it, and of one sweep call of one point.
            times["task"].append(timed(lambda: client.gather(
                client.map(lambda x: x, range(200), pure=False))) / 200)
            times["point"].append(timed(lambda: archcalc.sweep(FAMILY, {"width": [64]})))
            print(f"round {r + 1}: " + ", ".join(f"{k} {v[-1]:.4f}s" for k, v in times.items()),
                  flush=True)
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    print(f"analyses of resnet50 per second: 1 thread {args.analyses / med['threads1']:.1f}, "
          f"2 threads {args.analyses / med['threads2']:.1f} "
          f"(×{med['threads1'] / med['threads2']:.2f})")
    print(f"variants per second: one process {variants / med['sweep1']:.1f}, "
          f"Dask 2 workers {variants / med['dask2']:.1f} (×{med['sweep1'] / med['dask2']:.2f})")
    print(f"per variant in one process {1e3 * med['sweep1'] / variants:.2f} ms; "
          f"one empty Dask task {1e3 * med['task']:.2f} ms (200 in flight); "
          f"one sweep call of one point {1e3 * med['point']:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
