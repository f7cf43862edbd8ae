#!/usr/bin/env python
"""Thread scaling of ``liquidstate.simulate``: seconds and speed-up over 1 thread.

The workload of ``benchmarks/engine.py`` (the Maass column with dynamic synapses, 4 x 20 Hz
Poisson inputs, 1 s samples, dt = 0.1 ms) at several liquid sizes and batch sizes, each run
with ``simulate(..., n_threads=T)`` for every ``T`` of ``--threads`` (default batch size and
threads per block: what a user gets). In one process, after a warm-up, the thread counts
alternate within each round, so that all see the same machine load; the script prints the
median wall time of each, the speed-up over 1 thread, the cost per neuron-update on 1 thread,
the threads per block the engine chose, and checks that every thread count gives the very
same spikes as 1 thread. ``--out`` writes it all as JSON.

    python benchmarks/threads.py                                  # 2 threads against 1
    python benchmarks/threads.py --preset device16 --out t.json   # 1-16 threads, ~3 minutes
    python benchmarks/threads.py --workloads 10000x1 --threads 1,2 --repeats 9
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine import make_workload  # noqa: E402  the same workload as the engine benchmark

#: The workloads of issue 14's scaling table (neurons x samples), plus one long stream.
TABLE = ("135x1600", "1000x320", "10000x64", "10000x1")

#: Named settings. ``device16``: the table on 1-16 threads of a 16-core machine, as many
#: rounds as fit a 150 s budget (3 minutes with the start-up and compilation).
PRESETS = {
    "device16": dict(workloads=",".join(TABLE), threads="1,2,4,8,16", repeats=3,
                     budget=150.0),
    "quick": dict(workloads="135x200,1000x40,10000x8,10000x1", threads="1,2", repeats=3,
                  budget=120.0, duration=0.2),
}


def parse_workload(text: str) -> tuple[int, int]:
    """``'NEURONSxSAMPLES'`` -> (neurons, samples)."""
    try:
        n, s = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise SystemExit(f"--workloads: expected NEURONSxSAMPLES such as 1000x320, got {text!r}")
    if n < 1 or s < 1:
        raise SystemExit(f"--workloads: sizes must be positive, got {text!r}")
    return n, s


def spike_digest(spikes) -> str:
    h = hashlib.sha256()
    for a in (spikes.times, spikes.channels, spikes.offsets):
        h.update(a.tobytes())
    return h.hexdigest()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--preset", choices=sorted(PRESETS),
                   help="named settings (explicit options override them)")
    p.add_argument("--workloads", default=None,
                   help=f"comma-separated NEURONSxSAMPLES (table: {','.join(TABLE)}); "
                        "default 135x100,1000x100")
    p.add_argument("--threads", default=None, help="comma-separated thread counts "
                                                   "(1 is always included); default 1,2")
    p.add_argument("--repeats", type=int, default=None, help="rounds at most (default 5)")
    p.add_argument("--budget", type=float, default=None,
                   help="seconds: no new round starts that would end after it (default none)")
    p.add_argument("--duration", type=float, default=None, help="sample length, s (1)")
    p.add_argument("--dt", type=float, default=1e-4)
    p.add_argument("--seed", type=int, default=1, help="as benchmarks/engine.py")
    p.add_argument("--out", help="write the results as JSON to this file")
    args = p.parse_args(argv)
    preset = PRESETS.get(args.preset, {})
    workloads = [parse_workload(w) for w in
                 (args.workloads or preset.get("workloads", "135x100,1000x100")).split(",")]
    threads = sorted({1, *(int(t) for t in
                           (args.threads or preset.get("threads", "1,2")).split(","))})
    repeats = args.repeats or preset.get("repeats", 5)
    budget = args.budget if args.budget is not None else preset.get("budget")
    duration = args.duration or preset.get("duration", 1.0)

    t_start = time.perf_counter()
    import liquidstate as ls
    from liquidstate.engine.plan import compile_plan
    from liquidstate.engine.simulate import (_default_batch_size, default_threads_per_block,
                                             lane_bytes)

    print(f"liquidstate {ls.__version__}, {os.cpu_count()} CPUs, {platform.processor() or ''}"
          f" python {platform.python_version()}; samples of {duration:g} s, threads {threads}")
    cases = []
    for n, S in workloads:
        net, inputs, *_ = make_workload(n, S, duration, args.dt, args.seed)
        plan = compile_plan(net, args.dt)
        cases.append(dict(neurons=net.n_neurons, samples=S, net=net, inputs=inputs, plan=plan))
    # compile (or load) the kernels on a short run: one thread, and a team of threads
    ls.simulate(cases[0]["net"], duration=0.002, n_samples=1, dt=args.dt, n_threads=1)
    ls.simulate(cases[0]["net"], duration=0.002, n_samples=1, dt=args.dt, n_threads=2,
                threads_per_block=2)
    print(f"set-up and compilation {time.perf_counter() - t_start:.1f} s")

    def run(case, T):
        t0 = time.perf_counter()
        rec = ls.simulate(case["net"], case["inputs"], dt=args.dt, n_threads=T,
                          seed=args.seed, plan=case["plan"])
        return time.perf_counter() - t0, rec

    for case in cases:
        case["times"] = {T: [] for T in threads}
        case["same_spikes"] = {}
    rounds = 0
    while rounds < repeats:
        t_round = time.perf_counter()
        for case in cases:
            for T in threads:
                wall, rec = run(case, T)
                case["times"][T].append(wall)
                if rounds == 0:  # exactness at scale, once: every T gives 1 thread's spikes
                    d = spike_digest(rec.spikes)
                    case.setdefault("digest", d)
                    case["same_spikes"][T] = d == case["digest"]
                    case["n_spikes"] = int(rec.spikes.n_events)
                del rec
        rounds += 1
        used = time.perf_counter() - t_start
        last = time.perf_counter() - t_round
        print(f"round {rounds}: {last:.1f} s (load average {os.getloadavg()[0]:.2f})",
              flush=True)
        if budget is not None and used + last > budget:
            break

    head = "| liquid, samples | " + " | ".join(
        f"{T} thread{'s' if T > 1 else ''}" for T in threads) + \
        f" | {threads[-1]} vs 1 | ns/neuron-update (1 thread) | same spikes |"
    print(f"\nmedian seconds over {rounds} round(s); speed-up vs 1 thread in brackets; "
          "threads per block chosen by the engine after 'x'")
    print(head)
    print("|" + " --- |" * (len(threads) + 4))
    results = []
    for case in cases:
        med = {T: statistics.median(case["times"][T]) for T in threads}
        N, S = case["neurons"], case["samples"]
        lanes = {T: _default_batch_size(S, T, N, lane_bytes(case["plan"])) for T in threads}
        team = {T: default_threads_per_block(-(-S // lanes[T]), T, N) for T in threads}
        cells = []
        for T in threads:
            c = f"{med[T]:.3f}"
            if T > 1:
                c += f" ({med[1] / med[T]:.2f}x)"
            if team[T] > 1:
                c += f" x{team[T]}"
            cells.append(c)
        nsu = med[1] / (N * S * duration / args.dt) * 1e9
        same = all(case["same_spikes"].values())
        print(f"| {N:,} neurons, {S:,} | " + " | ".join(cells) +
              f" | {med[1] / med[threads[-1]]:.1f}x | {nsu:.2f} | {'yes' if same else 'NO'} |")
        results.append(dict(neurons=N, samples=S, duration_s=duration, spikes=case["n_spikes"],
                            seconds={T: case["times"][T] for T in threads},
                            median_s={T: med[T] for T in threads},
                            speedup={T: med[1] / med[T] for T in threads},
                            lanes_per_block={T: lanes[T] for T in threads},
                            threads_per_block={T: team[T] for T in threads},
                            ns_per_neuron_update_1_thread=nsu, same_spikes=same))
    total = time.perf_counter() - t_start
    print(f"total {total:.1f} s, load average {os.getloadavg()}")
    if args.out:
        info = dict(liquidstate=ls.__version__, python=platform.python_version(),
                    machine=platform.machine(), processor=platform.processor(),
                    cpus=os.cpu_count(), load_average_end=os.getloadavg(), rounds=rounds,
                    total_s=total, dt=args.dt, seed=args.seed, threads=threads)
        try:
            import numba
            info["numba"] = numba.__version__
        except ImportError:
            pass
        with open(args.out, "w") as f:
            json.dump(dict(info=info, results=results), f, indent=1)
        print(f"wrote {args.out}")
    return 0 if all(r["same_spikes"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
