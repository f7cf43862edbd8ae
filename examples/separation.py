"""The separation property of the Maass 2002 column (Maass, Natschlaeger & Markram 2002, Fig. 2).

Pairs of 20 Hz Poisson spike trains at input distances d(u, v) = 0, 0.1, 0.2 and 0.4 drive
the paper's 135-neuron column; the distance between the two liquid states (spikes filtered
with tau = 30 ms), averaged over 200 pairs, is plotted against time. The two members of a pair
start from different initial states, as in the paper, so the curve for d = 0 shows how fast
the effect of the initial state fades; the other curves lie higher the more the inputs
differ. About 3 s of compute.

Run: python examples/separation.py   (writes separation.png in the current folder)
"""

import liquidstate as ls
from liquidstate import plotting
from liquidstate.analysis import separation_curve

distances = (0.0, 0.1, 0.2, 0.4)
net = ls.maass2002((15, 3, 3), n_inputs=1, seed=0)              # the paper's column
times, curves = separation_curve(net, distances, n_pairs=200, duration=0.5, seed=1,
                                 same_initial_state=False)

for d, curve in zip(distances, curves):
    late = curve[times >= 0.1].mean()
    print(f"d(u,v) = {d:.1f}: state distance at 20 ms {curve[times.searchsorted(0.02)]:.2f}, "
          f"mean over 0.1-0.5 s {late:.2f}")

ax = plotting.separation_plot(times, curves, distances,
                              title="Separation property of the Maass 2002 column")
ax.figure.savefig("separation.png", dpi=100)
