"""Real-time computing on one liquid (Maass 2002): four readouts, one simulation.

Four Poisson input streams with rates that change every 30 ms drive the paper's column; four
linear readouts, trained on the same liquid run, answer every 10 ms: how many input spikes
arrived in the last 30 ms and in the last 200 ms, whether a spatio-temporal pattern was just
presented, and how many spike coincidences there were. Each answer is scored by the
correlation r with the truth on test runs, beside the same readout on the input alone.

Run: python examples/maass2002_multitask.py            (the paper's 135-neuron column, ~5 s)
     python examples/maass2002_multitask.py --large    (1,000 neurons, 5 seeds, ~2.5 min)
"""

import sys

from liquidstate.experiments import run_multitask
from liquidstate.network.specs import Maass2002

if "--large" in sys.argv:
    result = run_multitask(network=Maass2002(shape=(10, 10, 10)))
else:
    result = run_multitask(network=Maass2002(), seeds=(0, 1))
print(result.table())
