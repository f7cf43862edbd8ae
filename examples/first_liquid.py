"""A first liquid: the Maass 2002 column on Poisson input, as a batch and as a stream.

Run: python examples/first_liquid.py   (writes raster.png in the current folder)
"""

import liquidstate as ls
from liquidstate.analysis import firing_statistics

net = ls.maass2002((15, 3, 3), n_inputs=4, seed=0)        # the paper's 135-neuron column
inputs = ls.SpikeTrains.poisson([20.0] * 4, duration=1.0, n_samples=100, seed=1)
rec = ls.simulate(net, inputs, dt=1e-4, seed=2)            # 100 samples of 1 s, all cores
print(net)
print(firing_statistics(rec.spikes, net).to_dict())

times, neurons = rec.spikes.sample(0)                      # spikes of sample 0
counts = rec.spikes.counts()                               # (n_samples, n_neurons)

# a stream fed in chunks gives exactly the spikes of feeding it at once
sim = ls.Simulator(net, n_samples=1, dt=1e-4, seed=2)
for chunk in range(4):
    part = sim.run(ls.SpikeTrains.poisson([20.0] * 4, 0.25, seed=10 + chunk))
    print(f"t = {sim.time[0]:.2f} s: {part.spikes.n_events} spikes")

# traces of chosen neurons, and the plots
rec = ls.simulate(net, inputs.select([0]), record=ls.Record(neurons=[0, 1], variables=("v",)))
from liquidstate import plotting                           # needs matplotlib
ax = plotting.raster(rec.spikes, sample=0, network=net, inputs=inputs.select([0]))
ax.figure.savefig("raster.png")
