#!/usr/bin/env python
"""Cross-check of the NIR export: the exported graph run by snnTorch against liquidstate.

A static-synapse Maass column (``maass2002(dynamic=False, weight_scale=...)``, refractoriness
dropped, which NIR's LIF lacks) is exported with :func:`liquidstate.network.to_nir`, written
to a NIR file and read back with ``nir.read``. Then the same graph is simulated twice, on the
same input spikes and the same initial potentials:

- by liquidstate, after :func:`liquidstate.network.from_nir` (exact propagators);
- by snnTorch: each NIR ``LIF`` and ``LI`` node becomes an ``snntorch.Leaky`` neuron (the
  forward-Euler discretisation snnTorch uses for NIR, ``beta = 1 - dt / tau``), each
  ``Linear`` a matrix product and each ``Delay`` a spike buffer of ``round(delay / dt)``
  steps, and the edges are followed in the graph's order, one step of ``dt`` at a time.

snnTorch's own importer (``snntorch.import_nir``) only reads single-population graphs with
``v_leak = 0``, one threshold and no ``Delay`` or ``LI`` node, which is why the script
assembles the modules itself from the graph's nodes. Its Euler steps approximate the
continuous-time graph differently from liquidstate's exact steps, so the two agree in rates,
not spike for spike. The script prints the population rates, the per-neuron rate correlation
and the fraction of liquidstate's spikes that snnTorch reproduces within +-1 ms, and exits
with status 1 when the population rates differ by more than ``--tolerance`` (relative, 5%)
or the per-neuron rates correlate less than ``--min-correlation`` (0.98).

Needs ``torch`` and ``snntorch`` besides ``nir`` (for example in a separate virtual
environment; the CPU build of torch is enough):

    python benchmarks/nir_crosscheck.py                      # 135 neurons, 10 samples x 1 s
    python benchmarks/nir_crosscheck.py --samples 4 --duration 0.5
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

import numpy as np

try:
    import nir
    import snntorch as snn
    import torch
except ImportError as exc:  # pragma: no cover - a script's environment check
    sys.exit(f"nir_crosscheck needs nir, torch and snntorch ({exc})")

from liquidstate import SpikeTrains, maass2002, simulate
from liquidstate.network import from_nir, to_nir
from liquidstate.random import rng


def initial_potentials(net, seed: int, n_samples: int) -> np.ndarray:
    """The engine's initial V of each sample (stream ``(seed, "v_init", s)``), shape (S, N)."""
    v0 = np.empty((n_samples, net.n_neurons))
    for s in range(n_samples):
        g = rng(seed, "v_init", s)
        v0[s] = net.v_init_low + (net.v_init_high - net.v_init_low) * g.random(net.n_neurons)
    return v0


def run_snntorch(graph, raster: np.ndarray, v0: np.ndarray, dt: float) -> np.ndarray:
    """Simulate the NIR graph with snnTorch neurons, forward Euler at step ``dt``.

    ``raster`` (S, T, C) input spikes per step, ``v0`` (S, N) initial potentials (V).
    Returns the spike raster (S, T, N). The membrane runs in the frame ``V - v_leak`` (where
    snnTorch's leak goes to 0), so its reset to zero is ``v_reset`` only when ``v_reset ==
    v_leak``, checked here.
    """
    torch.set_grad_enabled(False)
    nodes, edges = graph.nodes, graph.edges
    lif = nodes["lif"]
    n = lif.v_threshold.size
    if not np.allclose(lif.v_reset, lif.v_leak):
        raise SystemExit("this runner resets to v_leak (snnTorch's reset to zero); the graph "
                         "has v_reset != v_leak")
    t = lambda a: torch.as_tensor(np.asarray(a, dtype=np.float64))  # noqa: E731
    membrane = snn.Leaky(beta=t(1 - dt / lif.tau), threshold=t(lif.v_threshold - lif.v_leak),
                         reset_mechanism="zero", reset_delay=False)
    drive = t(dt * lif.r / lif.tau)       # Euler: V += dt / tau (R I)
    filters = {k: snn.Leaky(beta=t(1 - dt / nodes[k].tau), threshold=float("inf"),
                            reset_mechanism="none") for k in ("syn_e", "syn_i") if k in nodes}
    # The Dirac impulse of a spike in one Euler step is 1/dt; the LI's dt r/tau factor makes
    # its jump r/tau times the Linear weight.
    gain = {k: t(nodes[k].r / nodes[k].tau) for k in filters}
    projections = []  # (source, delay in steps, weight matrix, filter)
    for name, node in nodes.items():
        if not isinstance(node, nir.Linear):
            continue
        (src,) = [a for a, b in edges if b == name]
        (dst,) = [b for a, b in edges if a == name]
        steps = 0
        if isinstance(nodes[src], nir.Delay):
            values = np.unique(nodes[src].delay)
            if values.size != 1:  # to_nir writes one delay value per Delay node
                raise SystemExit(f"Delay node {src!r} has several values; this runner "
                                 "expects one per node")
            steps = int(np.rint(values[0] / dt))
            (src,) = [a for a, b in edges if b == src]
        projections.append((src, steps, t(node.weight).T, dst))
    n_samples, n_steps, _ = raster.shape
    ring = max([p[1] for p in projections] + [0]) + 2
    past = {"lif": torch.zeros(ring, n_samples, n), "input": None}
    inputs = t(raster)
    mem = t(v0 - lif.v_leak)
    cur = {k: torch.zeros(n_samples, n, dtype=torch.float64) for k in filters}
    out = torch.zeros(n_samples, n_steps, n, dtype=torch.float64)
    for step in range(n_steps):
        # The engine's convention: a spike of step m (or an input spike in step m) with a
        # delay of d steps reaches the current at the end of step m + d, i.e. in step m+d+1.
        syn_in = {k: torch.zeros(n_samples, n, dtype=torch.float64) for k in filters}
        for src, steps, w, dst in projections:
            m = step - 1 - steps
            if m < 0:
                continue
            spikes = inputs[:, m] if src == "input" else past["lif"][m % ring]
            syn_in[dst] += spikes.to(torch.float64) @ w
        for k, f in filters.items():
            _, cur[k] = f(gain[k] * syn_in[k], cur[k])
        spk, mem = membrane(drive * sum(cur.values()), mem)
        past["lif"][step % ring] = spk.to(past["lif"].dtype)
        out[:, step] = spk
    return out.numpy().astype(bool)


def coincidence(a: np.ndarray, b: np.ndarray, window: int) -> float:
    """Fraction of the spikes of raster ``a`` with a spike of ``b`` (same neuron and sample)
    within +-``window`` steps."""
    if not a.any():
        return float("nan")
    near = np.zeros_like(b)
    for shift in range(-window, window + 1):
        near |= np.roll(b, shift, axis=1)
    return float((a & near).sum() / a.sum())


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--shape", type=int, nargs=3, default=(15, 3, 3))
    p.add_argument("--weight-scale", type=float, default=0.1)
    p.add_argument("--samples", type=int, default=10)
    p.add_argument("--duration", type=float, default=1.0, help="s per sample")
    p.add_argument("--rate", type=float, default=20.0, help="Hz per input channel")
    p.add_argument("--inputs", type=int, default=4)
    p.add_argument("--dt", type=float, default=1e-4)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--tolerance", type=float, default=0.05,
                   help="largest relative difference of the population rates")
    p.add_argument("--min-correlation", type=float, default=0.98,
                   help="smallest correlation of the per-neuron rates")
    args = p.parse_args(argv)

    net = maass2002(tuple(args.shape), seed=args.seed, n_inputs=args.inputs, dynamic=False,
                    weight_scale=args.weight_scale)
    graph = to_nir(net, drop_refractory=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "column.nir")
        nir.write(path, graph)
        graph = nir.read(path)
    liquid = from_nir(graph)

    inputs = SpikeTrains.poisson(np.full(args.inputs, args.rate), args.duration, args.samples,
                                 seed=args.seed)
    n_steps = int(round(args.duration / args.dt))
    # (samples, steps, channels) spike counts
    raster = np.stack([inputs.to_raster(args.dt, i)[:n_steps] for i in range(args.samples)])
    ours = np.zeros((args.samples, n_steps, net.n_neurons), dtype=bool)
    rec = simulate(liquid, inputs, dt=args.dt, seed=args.seed)
    for s in range(args.samples):
        times, channels = rec.spikes.sample(s)
        ours[s, np.rint(times / args.dt).astype(int), channels] = True
    theirs = run_snntorch(graph, raster, initial_potentials(liquid, args.seed, args.samples),
                          args.dt)

    seconds = args.samples * args.duration
    rate_ours = ours.sum(axis=(0, 1)) / seconds
    rate_theirs = theirs.sum(axis=(0, 1)) / seconds
    pop_ours, pop_theirs = rate_ours.mean(), rate_theirs.mean()
    rel = abs(pop_theirs - pop_ours) / pop_ours
    corr = float(np.corrcoef(rate_ours, rate_theirs)[0, 1])
    window = int(round(1e-3 / args.dt))
    print(f"static Maass column {tuple(args.shape)} ({net.n_neurons} neurons, "
          f"{net.n_synapses} synapses, weight_scale {args.weight_scale}), no refractoriness; "
          f"{args.samples} samples x {args.duration} s, {args.inputs} x {args.rate} Hz inputs, "
          f"dt = {args.dt:g} s")
    print(f"population rate: liquidstate {pop_ours:.3f} Hz, snnTorch {pop_theirs:.3f} Hz, "
          f"relative difference {rel:.2%} (tolerance {args.tolerance:.0%})")
    print(f"per-neuron rates: correlation {corr:.4f} (at least {args.min_correlation}), mean |difference| "
          f"{np.abs(rate_theirs - rate_ours).mean():.3f} Hz")
    print(f"spikes reproduced within +-1 ms: {coincidence(ours, theirs, window):.1%} of "
          f"liquidstate's, {coincidence(theirs, ours, window):.1%} of snnTorch's; "
          f"same step: {coincidence(ours, theirs, 0):.1%}")
    return 0 if rel <= args.tolerance and corr >= args.min_correlation else 1


if __name__ == "__main__":
    sys.exit(main())
