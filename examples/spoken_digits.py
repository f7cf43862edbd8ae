"""Spoken digits with a liquid, step by step: the Free Spoken Digit Dataset (FSDD).

Recordings without their leading and trailing silence -> cochleagram (32 gammatone bands,
cube-root compression) -> send-on-delta spikes -> a 1,000-neuron Maass column -> square-root
spike counts over the whole recording, its halves and its quarters -> ridge readout on
standardised states (penalty by leave-one-out on the training set), on FSDD's standard
split (recordings 0-4 of each speaker and digit are the test set). Beside it, the same
states and readout on the input spikes without the liquid. The pieces are the public
pipeline: LiquidTransformer, InputTransformer, StateExtractor, RidgeClassifierReadout.
`liquidstate run fsdd` does the same with more seeds, the leave-one-speaker-out protocol,
an MFCC baseline, a cache and plots.

Run: python examples/spoken_digits.py [FSDD_FOLDER]
(default: $LIQUIDSTATE_FSDD, else FSDD is downloaded into ~/.cache/liquidstate, 16 MB).
About 40 s on 2 cores; prints the two test accuracies (about 99% and 97%).
"""

import sys

from liquidstate.datasets import fsdd
from liquidstate.encoders import AuditoryFrontEnd, delta
from liquidstate.estimators import InputTransformer, LiquidTransformer
from liquidstate.network.specs import Maass2002
from liquidstate.readouts import RidgeClassifierReadout
from liquidstate.states import StateExtractor

data = fsdd(sys.argv[1] if len(sys.argv) > 1 else None)
train, test = data.standard_split()

# signals -> band envelopes in [0, 1], one row per ms -> spikes, plus 50 ms of silence
bands = AuditoryFrontEnd(sample_rate=data.sample_rate, n_bands=32, compression="cuberoot",
                         trim_db=20.0).fit().transform(list(data.signals))
inputs = delta(bands, threshold=0.05, dt=1e-3).pad(after=0.05)

# square-root spike counts over the whole recording, its halves and its quarters
states = StateExtractor(kind="counts", n_bins=(1, 2, 4), scale="sqrt")
network = Maass2002(shape=(10, 10, 10), input_fraction=0.05, input_weight_e=36e-9,
                    input_weight_i=18e-9)
liquid = LiquidTransformer(network=network, extractor=states, dt=5e-4, random_state=0)
control = InputTransformer(extractor=states)     # the same states of the input spikes


def accuracy(transformer) -> float:
    # fit draws the liquid for the input's channels; transform simulates every recording
    X = transformer.fit(inputs).transform(inputs)
    readout = RidgeClassifierReadout(standardize=True).fit(X[train], data.labels[train])
    return readout.score(X[test], data.labels[test])


with_liquid, without = accuracy(liquid), accuracy(control)
print(f"{len(data)} recordings, {inputs.n_channels} input channels, liquid of "
      f"{liquid.network_.n_neurons} neurons")
print(f"test accuracy, standard split: liquid {with_liquid:.1%}, "
      f"input without the liquid {without:.1%}")
