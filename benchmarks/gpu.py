#!/usr/bin/env python
"""GPU benchmark: ``simulate(..., backend="cuda")`` against the CPU engine on all cores.

The standard workload of ``benchmarks/engine.py`` (the Maass column with dynamic synapses, 4
input channels of 20 Hz Poisson spikes, 1 s samples, dt = 0.1 ms) at 135, 1,000 and 10,000
neurons with 256 to 16,384 samples, in one process on one machine. For each size it reports

- the GPU time: the step kernels' time (``kernel``) and the whole ``simulate`` call
  (``wall``, which adds the host's work: initial states, inputs, copies, assembling the
  spikes), warm (kernels compiled beforehand), median of a few calls when they are short;
- milliseconds of GPU time per simulated sample-second (kernel and wall);
- the CPU engine on all cores (``n_threads`` = the CPU count), timed on fewer samples and
  scaled per sample, and the ratio CPU / GPU for the same number of samples;
- a check on the samples the CPU ran, against the CPU engine in float64: float64, the number
  of samples whose spikes are identical; float32, the total spike count (within 1%);

and, budget allowing, one 100,000-neuron sample against real time. Everything is written to
``--out`` (JSON) and a table is printed last. A time budget (``--budget``) skips what would
not fit; skipped items are listed.

    python benchmarks/gpu.py --out gpu.json                  # on a machine with a GPU
    NUMBA_ENABLE_CUDASIM=1 python benchmarks/gpu.py --quick --out q.json   # a dry run
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine import INPUT_RATE, N_INPUTS, shape_of  # noqa: E402  the same workload

# (neurons, GPU sample counts, CPU sample count): the CPU runs enough samples to fill its
# cores twice; the GPU counts span one partial wave of lanes to many
GRID = [(135, [256, 4096, 16384], 1600), (1000, [256, 4096, 16384], 320),
        (10000, [256, 1024], 32)]
FLOAT32 = [(135, 16384), (1000, 4096), (10000, 1024)]
BIG = "100x40x25"  # 100,000 neurons on a grid (engine.shape_of knows no 100,000 entry)
QUICK_GRID = [("3x3x3", [2, 6], 2)]
QUICK_FLOAT32 = [("3x3x3", 6)]
QUICK_BIG = "5x3x3"


def workload(neurons, samples: int, duration: float, seed: int):
    import liquidstate as ls

    net = ls.maass2002(shape_of(neurons), n_inputs=N_INPUTS, seed=seed)
    inputs = ls.SpikeTrains.poisson([INPUT_RATE] * N_INPUTS, duration, samples, seed=seed + 1)
    return net, inputs


def run_gpu(net, inputs, dt, seed, precision):
    """(wall s, kernel s, Recording, run info) of one ``simulate(backend='cuda')`` call."""
    import liquidstate as ls
    from liquidstate.engine.backends import cuda as backend

    t0 = time.perf_counter()
    rec = ls.simulate(net, inputs, dt=dt, seed=seed, precision=precision, backend="cuda")
    wall = time.perf_counter() - t0
    return wall, backend.last_run["kernel_s"], rec, dict(backend.last_run)


def run_cpu(net, inputs, dt, seed, precision, threads):
    import liquidstate as ls

    t0 = time.perf_counter()
    rec = ls.simulate(net, inputs, dt=dt, seed=seed, precision=precision, n_threads=threads)
    return time.perf_counter() - t0, rec


def compare(gpu_rec, cpu_rec, k: int) -> dict:
    """Spikes of the first ``k`` samples: identical samples, and total counts."""
    same = 0
    for i in range(k):
        tg, cg = gpu_rec.spikes.sample(i)
        tc, cc = cpu_rec.spikes.sample(i)
        same += int(np.array_equal(tg, tc) and np.array_equal(cg, cc))
    n_gpu = int(gpu_rec.spikes.offsets[k] - gpu_rec.spikes.offsets[0])
    n_cpu = int(cpu_rec.spikes.n_events)
    return dict(samples_compared=k, samples_identical=same, spikes_gpu=n_gpu,
                spikes_cpu=n_cpu, rate_ratio=n_gpu / max(n_cpu, 1))


def measure(neurons, samples, cpu_samples, precision, args, clock, repeats) -> dict:
    net, inputs = workload(neurons, samples, args.duration, args.seed)
    n = net.n_neurons
    # compile (or load) this size's kernel variant and its shared-memory setting
    run_gpu(net, inputs.select(range(min(2, samples))), args.dt, args.seed, precision)
    walls, kernels = [], []
    rec = info = None
    for r in range(repeats):
        wall, kern, rec, info = run_gpu(net, inputs, args.dt, args.seed, precision)
        walls.append(wall)
        kernels.append(kern)
        if wall > 8.0 or clock() > args.budget * 0.8:
            break  # one long call is its own median
    k = min(cpu_samples, samples)
    sub = inputs.select(range(k))
    run_cpu(net, sub.select(range(min(2, k))), args.dt, args.seed, precision, args.threads)
    cpu_times = []
    for _ in range(1 if k * n > 2e6 else 2):
        t, cpu_rec = run_cpu(net, sub, args.dt, args.seed, precision, args.threads)
        cpu_times.append(t)
    if precision != "float64":  # the reference for the check is float64 (rates for float32)
        _, cpu_rec = run_cpu(net, sub, args.dt, args.seed, "float64", args.threads)
    cpu = statistics.median(cpu_times)
    kernel, wall = statistics.median(kernels), statistics.median(walls)
    sample_s = samples * args.duration
    cpu_scaled = cpu / k * samples
    check = compare(rec, cpu_rec, k)
    if precision == "float64":
        ok = check["samples_identical"] == k
    else:
        ok = abs(check["rate_ratio"] - 1.0) <= 0.01
    return dict(neurons=n, samples=samples, precision=precision, duration_s=args.duration,
                gpu_kernel_s=kernel, gpu_wall_s=wall, gpu_calls=len(walls),
                ms_per_sample_s_kernel=1e3 * kernel / sample_s,
                ms_per_sample_s_wall=1e3 * wall / sample_s,
                cpu_threads=args.threads, cpu_samples=k, cpu_s=cpu, cpu_s_scaled=cpu_scaled,
                cpu_ms_per_sample_s=1e3 * cpu / (k * args.duration),
                ratio_kernel=cpu_scaled / kernel, ratio_wall=cpu_scaled / wall,
                spikes_agree=bool(ok), **check, launch=info)


def measure_big(neurons, args, clock) -> dict:
    """One long-liquid sample: GPU (float64 and float32) against real time and one CPU core
    per sample (the CPU engine parallelises over samples)."""
    net, inputs = workload(neurons, 1, args.duration, args.seed)
    out = dict(neurons=net.n_neurons, synapses=int(net.n_synapses), duration_s=args.duration)
    for precision in ("float64", "float32"):
        if clock() > args.budget:
            out[f"{precision}_skipped"] = "budget"
            continue
        run_gpu(net, inputs, args.dt, args.seed, precision)  # compile / warm
        wall, kern, rec, info = run_gpu(net, inputs, args.dt, args.seed, precision)
        out[precision] = dict(gpu_kernel_s=kern, gpu_wall_s=wall,
                              real_time_factor=kern / args.duration,
                              spikes=int(rec.spikes.n_events), launch=info)
    if clock() < args.budget and "float64" in out:
        cpu, cpu_rec = run_cpu(net, inputs, args.dt, args.seed, "float64", args.threads)
        out["cpu_s"] = cpu
        out["cpu_spikes"] = int(cpu_rec.spikes.n_events)
    return out


def table(results: list, big: dict | None) -> str:
    head = (f"{'neurons':>8} {'samples':>7} {'prec':>7} {'GPU kernel s':>12} {'GPU wall s':>10} "
            f"{'ms/sample-s':>11} {'CPU ms/sample-s':>15} {'CPU/GPU':>8} {'wall':>6}  spikes")
    lines = [head, "-" * len(head)]
    for r in results:
        if "error" in r:
            lines.append(f"{r['neurons']:>8} {r['samples']:>7} {r['precision']:>7}  "
                         f"ERROR {r['error'][:80]}")
            continue
        check = (f"{r['samples_identical']}/{r['samples_compared']} identical"
                 if r["precision"] == "float64" else f"rate x{r['rate_ratio']:.4f}")
        lines.append(
            f"{r['neurons']:>8} {r['samples']:>7} {r['precision']:>7} "
            f"{r['gpu_kernel_s']:>12.3f} {r['gpu_wall_s']:>10.3f} "
            f"{r['ms_per_sample_s_kernel']:>11.4f} {r['cpu_ms_per_sample_s']:>15.4f} "
            f"{r['ratio_kernel']:>7.3g}x {r['ratio_wall']:>5.3g}x  {check}"
            f"{'' if r['spikes_agree'] else '  MISMATCH'}")
    if big:
        for p in ("float64", "float32"):
            if p in big:
                b = big[p]
                lines.append(f"{big['neurons']:>8} {1:>7} {p:>7} {b['gpu_kernel_s']:>12.3f} "
                             f"{b['gpu_wall_s']:>10.3f}   {b['real_time_factor']:.2f}x real "
                             f"time ({b['spikes']} spikes)")
        if "cpu_s" in big:
            lines.append(f"{'':>8} CPU, one sample: {big['cpu_s']:.3f} s "
                         f"({big['cpu_spikes']} spikes)")
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True, help="results file (JSON)")
    p.add_argument("--quick", action="store_true",
                   help="a tiny grid and 20 ms samples (a dry run, e.g. on the simulator)")
    p.add_argument("--budget", type=float, default=230.0,
                   help="seconds after which the remaining measurements are skipped")
    p.add_argument("--duration", type=float, default=None, help="sample length (s)")
    p.add_argument("--dt", type=float, default=1e-4)
    p.add_argument("--seed", type=int, default=1, help="as benchmarks/engine.py")
    p.add_argument("--repeats", type=int, default=3, help="GPU calls per size (at most)")
    p.add_argument("--threads", type=int, default=os.cpu_count(),
                   help="CPU threads (default: all)")
    p.add_argument("--no-big", action="store_true", help="skip the 100,000-neuron sample")
    p.add_argument("--big-only", action="store_true",
                   help="only the 100,000-neuron sample (no grid, no tuning runs)")
    args = p.parse_args(argv)
    if args.duration is None:
        args.duration = 0.02 if args.quick else 1.0
    grid, f32, big_n = ((QUICK_GRID, QUICK_FLOAT32, QUICK_BIG) if args.quick
                        else (GRID, FLOAT32, BIG))
    start = time.perf_counter()

    def clock() -> float:
        return time.perf_counter() - start

    import numba

    import liquidstate
    from liquidstate.engine.backends import cuda as backend

    env = dict(liquidstate=liquidstate.__version__, numba=numba.__version__,
               python=platform.python_version(), cpus=os.cpu_count(), threads=args.threads,
               machine=platform.machine(), simulator=os.environ.get("NUMBA_ENABLE_CUDASIM"))
    try:
        import numba_cuda
        env["numba_cuda"] = getattr(numba_cuda, "__version__", "?")
    except ImportError:
        pass
    try:
        cuda = backend._load_cuda()
        dev = cuda.get_current_device()
        name = getattr(dev, "name", "?")
        env["gpu"] = name.decode() if isinstance(name, bytes) else str(name)
        env["compute_capability"] = list(getattr(dev, "compute_capability", ()))
        free, total = cuda.current_context().get_memory_info()
        env["gpu_memory_gib"] = [float(free) / 2**30, float(total) / 2**30]
    except Exception as err:  # report and stop: nothing else can run
        print(f"no GPU: {err}")
        with open(args.out, "w") as f:
            json.dump(dict(env=env, error=str(err)), f, indent=1)
        return 1
    print(json.dumps(env))

    # compile the CPU kernel (or load it from the cache) and the GPU kernels once
    net, inputs = workload(grid[0][0], 2, 0.01, args.seed)
    t0 = time.perf_counter()
    run_cpu(net, inputs, args.dt, args.seed, "float64", args.threads)
    for precision in ("float64", "float32"):
        run_gpu(net, inputs, args.dt, args.seed, precision)
    env["compile_s"] = time.perf_counter() - t0
    print(f"compiled in {env['compile_s']:.1f} s", flush=True)

    results, skipped = [], []
    plan = [(n, s, c, "float64") for n, ss, c in grid for s in ss]
    plan += [(n, s, next(c for m, _, c in grid if m == n), "float32") for n, s in f32]
    if args.big_only:
        plan = []
    # the headline point first, so that it is measured whatever the budget
    plan.sort(key=lambda x: (x[:2] != (1000, 4096), x[3] != "float64"))
    for neurons, samples, cpu_samples, precision in plan:
        if clock() > args.budget:
            skipped.append(f"{neurons} x {samples} {precision}")
            continue
        try:
            r = measure(neurons, samples, cpu_samples, precision, args, clock, args.repeats)
        except Exception as err:  # one failure must not lose the other figures
            r = dict(neurons=neurons, samples=samples, precision=precision,
                     error=f"{type(err).__name__}: {err}")
        results.append(r)
        print(table([r], None).splitlines()[-1], f"[{clock():.0f} s]", flush=True)
        with open(args.out, "w") as f:
            json.dump(dict(env=env, results=results, skipped=skipped), f, indent=1)
    big = None
    if not args.no_big:
        if clock() < args.budget:
            try:
                big = measure_big(big_n, args, clock)
            except Exception as err:
                big = dict(neurons=big_n, error=f"{type(err).__name__}: {err}")
        else:
            skipped.append(f"{big_n} neurons, one sample")
    # tuning data at the headline size (1,000 neurons x 4,096 samples, float64): other
    # launch shapes (threads per lane, lanes per block; the same compiled kernel), then the
    # kernel without its register cap (recompiled: more registers, fewer resident lanes)
    tuning = []
    variants = [("LIQUIDSTATE_CUDA_SHAPE", v) for v in ("64,2", "256,1", "32,4", "512,1")]
    variants.append(("LIQUIDSTATE_CUDA_MAXREG", "0"))
    if not args.quick and not args.big_only:
        net, inputs = workload(grid[1][0], grid[1][1][1], args.duration, args.seed)
    for var, value in variants:
        if clock() > args.budget or args.quick or args.big_only:
            break
        os.environ[var] = value
        try:
            run_gpu(net, inputs.select(range(2)), args.dt, args.seed, "float64")
            wall, kern, _, info = run_gpu(net, inputs, args.dt, args.seed, "float64")
            tuning.append({var: value, "neurons": net.n_neurons, "samples": inputs.n_samples,
                           "gpu_kernel_s": kern, "gpu_wall_s": wall, "launch": info})
        except Exception as err:
            tuning.append({var: value, "error": f"{type(err).__name__}: {err}"})
        finally:
            del os.environ[var]
    env["total_s"] = clock()
    with open(args.out, "w") as f:
        json.dump(dict(env=env, results=results, big=big, tuning=tuning, skipped=skipped), f,
                  indent=1)
    print()
    if skipped:
        print("skipped (budget):", ", ".join(skipped))
    if big and "error" in big:
        print("big liquid:", big["error"])
    print(f"GPU {env.get('gpu')}, {env['cpus']} CPUs, {args.duration:g} s samples, "
          f"total {env['total_s']:.0f} s")
    for t in tuning:
        what = ", ".join(f"{k}={v}" for k, v in t.items() if k.startswith("LIQUIDSTATE"))
        print(f"tuning {what}:", t.get("error") or
              f"{t['neurons']} x {t['samples']}: kernel {t['gpu_kernel_s']:.3f} s "
              f"({t['launch']['threads_per_lane']} threads a lane, "
              f"{t['launch']['lanes_per_block']} lanes a block)")
    print(table(results, big if big and "error" not in big else None))
    return 0 if all(r.get("spikes_agree") for r in results) else 2


if __name__ == "__main__":
    sys.exit(main())
