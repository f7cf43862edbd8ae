"""The classic first picture: a sine wave injected into a liquid, step by step.

A slow sine is fed as analog current into the paper's 135-neuron column (Maass 2002) through
the streaming API: ``liquidstate.Simulator`` keeps the liquid's state between calls, so the
signal arrives in chunks of 10 ms, as it would from a sensor, and each chunk's spikes come
back at once. The same signal fed in one call gives exactly the same spikes (checked below).
The figure shows the sine above the raster of the liquid's response.

Run: python examples/sine_stream.py   (writes sine_stream.png in the current folder)
"""

import matplotlib.pyplot as plt
import numpy as np

import liquidstate as ls
from liquidstate import plotting
from liquidstate.encoders import analog

dt, chunk, duration = 1e-4, 10e-3, 1.0                # simulation step, chunk, total (s)
net = ls.maass2002((15, 3, 3), n_inputs=1, seed=0)     # the paper's column, one input
# a 3 Hz sine sampled every ms; u = 0.2 (1 + sin) drives a channel's target neurons with
# up to 0.4 * 18 nA on top of their 13.5 nA background (threshold: 15 nA)
t_signal = np.arange(0.0, duration, 1e-3)
signal = np.sin(2 * np.pi * 3.0 * t_signal)
currents = analog([signal[:, None]], gain=0.2, offset=0.2, dt=1e-3, sim_dt=dt)[0]

sim = ls.Simulator(net, n_samples=1, dt=dt, seed=1)
steps = round(chunk / dt)
times, neurons = [], []
for start in range(0, currents.shape[0], steps):
    t0 = sim.time[0]                                  # stream time at the chunk's start
    part = sim.run(currents=currents[None, start:start + steps])
    t, n = part.spikes.sample(0)                      # times relative to the chunk
    times.append(t0 + t)
    neurons.append(n)
spikes = ls.SpikeTrains.from_events([(np.concatenate(times), np.concatenate(neurons))],
                                    duration, net.n_neurons)
print(f"{spikes.n_events} spikes in {duration:g} s, fed in {currents.shape[0] // steps} "
      f"chunks of {chunk * 1e3:g} ms")

whole = ls.simulate(net, currents=currents[None], dt=dt, seed=1).spikes
same = (np.array_equal(whole.channels, spikes.channels)
        and np.allclose(whole.times, spikes.times, rtol=0, atol=1e-9))
print("chunked stream == one call:", same)
if not same:
    raise RuntimeError("the chunked stream should give exactly the spikes of one call")

fig, (ax_in, ax) = plt.subplots(2, 1, sharex=True, figsize=(8, 5), constrained_layout=True,
                                gridspec_kw={"height_ratios": [1, 4]})
ax_in.plot(t_signal, signal, color="0.2")
ax_in.set_ylabel("input")
ax_in.set_title("A sine wave streamed into the Maass 2002 column")
plotting.raster(spikes, 0, ax=ax, network=net)
fig.savefig("sine_stream.png", dpi=100)
