"""The template tasks of Maass, Natschlaeger & Markram (2002), each beside its no-liquid control.

A linear readout (ridge on standardised states, penalty by leave-one-out on the training runs)
reads the liquid's state (spikes filtered with tau = 30 ms, from ``LiquidTransformer``) at the
end of each run; the control is the same filter and readout on the input spike trains alone
(``InputTransformer``), so the difference is what the liquid adds. Three tasks, 1 input channel, 35% of the runs held out:

- 2 templates of 0.5 s, jitter 4 ms, 200 runs: the paper's setting (135-neuron column);
- 10 templates, jitter 8 ms, 500 runs: a task where the liquid matters (1,000-neuron column);
- four segments of 250 ms, 2 templates each, 500 runs, one state at the end: which template
  was played in each segment (1,000-neuron column; also with a multi-timescale state).

By default one liquid seed (about 7 s on 2 cores); ``--seeds 5`` gives the documented figures
(mean and SD over 5 liquid seeds, about 30 s; see liquidstate/experiments/templates.py and
segments.py).

Run: python examples/maass2002_templates.py [--seeds 5]
"""

import argparse

import numpy as np

from liquidstate.experiments.segments import run_segments
from liquidstate.experiments.templates import run_templates
from liquidstate.network.specs import Maass2002

parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("--seeds", type=int, default=1, help="number of liquid seeds (1)")
seeds = tuple(range(parser.parse_args().seeds))
column1000 = Maass2002(shape=(10, 10, 10), input_fraction=1.0)   # input to every neuron


def pct(values) -> str:
    """Mean +- SD in %; one value (the control, which has no liquid seed) as it is."""
    values = 100 * np.atleast_1d(np.asarray(values, dtype=float))
    if values.size == 1:
        return f"{values[0]:5.1f}%        "
    return f"{values.mean():5.1f} +- {values.std():4.1f}%"


print(f"test accuracy (mean +- SD over liquid seeds {list(seeds)})")
res = run_templates(n_templates=2, n_runs=200, jitter=4e-3, seeds=seeds)
print(f"2 templates (paper)     liquid {pct(res.liquid)}   control {pct(res.control[0])}")
res = run_templates(n_templates=10, n_runs=500, jitter=8e-3, seeds=seeds, network=column1000)
print(f"10 templates, 8 ms      liquid {pct(res.liquid)}   control {pct(res.control[0])}")

res = run_segments(n_runs=500, seeds=seeds, network=column1000,
                   multi_tau=(0.01, 0.03, 0.1, 0.3))
print("four segments, state at the end:")
rows = (("liquid, tau 30 ms", res.liquid), ("control, tau 30 ms", res.control[:1]),
        ("liquid, tau 10-300 ms", res.liquid_multi),
        ("control, tau 10-300 ms", res.control_multi[:1]))
for name, acc in rows:
    print(f"  {name:24s}" + "  ".join(f"seg {s + 1} {pct(acc[:, s])}"
                                     for s in range(acc.shape[1])))
