"""Spoken digits with a liquid, step by step: the Free Spoken Digit Dataset (FSDD).

Recordings without their leading and trailing silence -> cochleagram (32 gammatone bands,
cube-root compression) -> send-on-delta spikes -> a 1,000-neuron Maass column -> square-root
spike counts over the whole recording, its halves and its quarters -> ridge readout (penalty
by leave-one-out on the training set), on FSDD's standard split (recordings 0-4 of
each speaker and digit are the test set). Beside it, the same states and readout on the
input spikes without the liquid. `liquidstate run fsdd` does the same with more seeds, the
leave-one-speaker-out protocol, an MFCC baseline, a cache and plots.

Run: python examples/spoken_digits.py [FSDD_FOLDER]
(default: $LIQUIDSTATE_FSDD, else FSDD is downloaded into ~/.cache/liquidstate, 16 MB).
About 40 s on 2 cores; prints the two test accuracies (about 99% and 97%).
"""

import sys

import numpy as np
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import liquidstate as ls
from liquidstate.datasets import fsdd
from liquidstate.encoders import AuditoryFrontEnd, delta
from liquidstate.readouts import RidgeClassifierReadout
from liquidstate.states import binned_counts

data = fsdd(sys.argv[1] if len(sys.argv) > 1 else None)
train, test = data.standard_split()

# signals -> band envelopes in [0, 1], one row per ms -> spikes, plus 50 ms of silence
bands = AuditoryFrontEnd(sample_rate=data.sample_rate, n_bands=32, compression="cuberoot",
                         trim_db=20.0).fit().transform(list(data.signals))
inputs = delta(bands, threshold=0.05, dt=1e-3)
inputs = ls.SpikeTrains(inputs.times, inputs.channels, inputs.offsets,
                        inputs.durations + 0.05, inputs.n_channels)

net = ls.maass2002((10, 10, 10), n_inputs=inputs.n_channels, input_fraction=0.05,
                   input_weight_e=36e-9, input_weight_i=18e-9, seed=0)
liquid = ls.simulate(net, inputs, dt=5e-4, seed=0).spikes


def accuracy(spikes) -> float:
    X = np.hstack([np.sqrt(binned_counts(spikes, n_bins=b)).reshape(len(spikes), -1)
                   for b in (1, 2, 4)])
    model = make_pipeline(StandardScaler(), RidgeClassifierReadout(alphas=np.logspace(-2, 6, 17)))
    model.fit(X[train], data.labels[train])
    return model.score(X[test], data.labels[test])


print(f"{len(data)} recordings, {inputs.n_channels} input channels, liquid of "
      f"{net.n_neurons} neurons at {liquid.n_events / liquid.durations.sum() / net.n_neurons:.0f} Hz")
print(f"test accuracy, standard split: liquid {accuracy(liquid):.1%}, "
      f"input without the liquid {accuracy(inputs):.1%}")
