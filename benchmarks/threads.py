#!/usr/bin/env python
"""Thread scaling of ``liquidstate.simulate``: 2 threads against 1 on the standard workload.

The workload of ``benchmarks/engine.py`` (the Maass column, 4 x 20 Hz Poisson inputs, 100
samples x 1 s, dt = 0.1 ms). In one process, after a warm-up, 1-thread and n-thread calls
alternate, so that both see the same machine load; the script prints their median wall times,
the speed-up (ratio of the medians) and the time spent outside the compiled kernel, which is
what keeps the speed-up below the number of threads. With several threads, "outside" is the
wall time less the kernel time of the busiest thread.

    python benchmarks/threads.py                           # 135 and 1,000 neurons
    python benchmarks/threads.py --neurons 135 --repeats 30
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine import make_workload  # noqa: E402  the same workload as the engine benchmark


def timed_kernel(simulate_module, log: dict):
    """Make ``simulate`` call its kernel through a wrapper that adds each call's duration to
    ``log[thread id]`` (a private hook of the engine: for this measurement only)."""
    original = simulate_module._kernel

    def kernel_for(backend):
        kernel = original(backend)

        def run(*args):
            t0 = time.perf_counter()
            out = kernel(*args)
            elapsed = time.perf_counter() - t0
            key = threading.get_ident()
            log[key] = log.get(key, 0.0) + elapsed
            return out
        return run

    simulate_module._kernel = kernel_for


def measure(net, inputs, threads: int, dt: float, seed: int, log: dict):
    """(wall s, kernel s of the busiest thread) of one call."""
    import liquidstate as ls

    log.clear()
    t0 = time.perf_counter()
    ls.simulate(net, inputs, dt=dt, n_threads=threads, seed=seed)
    wall = time.perf_counter() - t0
    return wall, max(log.values())


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--neurons", nargs="+", type=int, default=[135, 1000])
    p.add_argument("--threads", type=int, default=2, help="compared against 1 thread")
    p.add_argument("--repeats", type=int, default=15, help="timed calls per thread count")
    p.add_argument("--samples", type=int, default=100)
    p.add_argument("--duration", type=float, default=1.0)
    p.add_argument("--dt", type=float, default=1e-4)
    p.add_argument("--seed", type=int, default=1, help="as benchmarks/engine.py")
    args = p.parse_args(argv)

    import liquidstate

    log: dict = {}
    timed_kernel(importlib.import_module("liquidstate.engine.simulate"), log)
    print(f"liquidstate {liquidstate.__version__}, {os.cpu_count()} CPUs, "
          f"{args.samples} samples x {args.duration:g} s, medians of {args.repeats}")
    for n in args.neurons:
        net, inputs, *_ = make_workload(n, args.samples, args.duration, args.dt, args.seed)
        counts = (1, args.threads)
        for k in counts:  # compile or load the kernel, fault in the memory
            measure(net, inputs, k, args.dt, args.seed, log)
        runs = {k: [] for k in counts}
        for _ in range(args.repeats):
            for k in counts:
                runs[k].append(measure(net, inputs, k, args.dt, args.seed, log))
        wall = {k: statistics.median(w for w, _ in runs[k]) for k in counts}
        kern = {k: statistics.median(c for _, c in runs[k]) for k in counts}
        out = {k: statistics.median(w - c for w, c in runs[k]) for k in counts}
        k = args.threads
        print(f"{n:6d} neurons: 1 thread {wall[1]:.4f} s (kernel {kern[1]:.4f}, outside "
              f"{out[1] * 1e3:.1f} ms); {k} threads {wall[k]:.4f} s (kernel {kern[k]:.4f}, "
              f"outside {out[k] * 1e3:.1f} ms) -> speed-up {wall[1] / wall[k]:.2f}x "
              f"(kernel alone {kern[1] / kern[k]:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
