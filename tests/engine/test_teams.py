"""Teams of threads on one block (``simulate(..., threads_per_block=k)``): when they are
chosen, the partition of the synapses among the members, and the errors. Their results are
compared with one thread's in test_reproducibility.py."""

import os

import numpy as np
import pytest

from liquidstate import maass2002, simulate
from liquidstate.engine.backends.numba_cpu import make_team
from liquidstate.engine.plan import compile_plan
from liquidstate.engine.simulate import TEAM_MIN_NEURONS, default_threads_per_block


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def test_one_thread_per_block_when_the_blocks_fill_the_threads():
    assert default_threads_per_block(4, 4, 100_000) == 1
    assert default_threads_per_block(64, 16, 100_000) == 1


def test_one_thread_per_block_for_a_small_liquid():
    assert default_threads_per_block(1, 16, TEAM_MIN_NEURONS - 1) == 1


def test_idle_threads_join_the_blocks_up_to_the_cores():
    n = 100 * TEAM_MIN_NEURONS
    assert default_threads_per_block(1, 2, n) == min(2, cores())
    assert default_threads_per_block(2, 16, n) == max(1, min(16, cores()) // 2)
    # each member owns at least TEAM_MIN_NEURONS neurons
    assert default_threads_per_block(1, 16, 2 * TEAM_MIN_NEURONS) == min(2, cores())


@pytest.mark.parametrize("k", [1, 2, 3, 7])
def test_the_team_partition_keeps_every_synapse_once_in_plan_order(k):
    """Member p gets exactly the synapses onto its neurons; within a (source, delay) group
    they keep the plan's order (that order is the order of the sums onto a target)."""
    net = maass2002((5, 3, 3), seed=1, n_inputs=2)
    kp = compile_plan(net, 1e-4).kernel
    team = make_team(kp, k, 2, np.float64)
    N = kp.p_vv.size
    G = kp.grp_ptr.size - 1
    assert team.lo[0] == 0 and team.lo[-1] == N and np.all(np.diff(team.lo) > 0)
    dyn_team = np.full(team.syn_dyn.size, -1)
    dyn_team[team.syn_dyn >= 0] = team.dyn_order[team.syn_dyn[team.syn_dyn >= 0]]
    for g in range(G):
        plan_rows = list(zip(kp.syn_target[kp.grp_ptr[g]:kp.grp_ptr[g + 1]],
                             kp.syn_weight[kp.grp_ptr[g]:kp.grp_ptr[g + 1]],
                             kp.syn_dyn[kp.grp_ptr[g]:kp.grp_ptr[g + 1]]))
        got = []
        for p in range(k):
            sl = slice(team.part_ptr[p, g], team.part_ptr[p, g + 1])
            owner = team.syn_target[sl] % N
            assert np.all((owner >= team.lo[p]) & (owner < team.lo[p + 1]))
            got += list(zip(team.syn_target[sl], team.syn_weight[sl], dyn_team[sl]))
        # each member's share is a subsequence of the plan's group, and together all of it
        assert sorted(got) == sorted(plan_rows)
        for p in range(k):
            sl = slice(team.part_ptr[p, g], team.part_ptr[p, g + 1])
            mine = list(zip(team.syn_target[sl], team.syn_weight[sl], dyn_team[sl]))
            assert mine == [r for r in plan_rows if team.lo[p] <= r[0] % N < team.lo[p + 1]]
    # each member's Tsodyks-Markram columns form one stretch
    assert np.array_equal(np.sort(team.dyn_order), np.arange(kp.syn_dyn.max() + 1))


def test_threads_per_block_errors():
    net = maass2002((5, 3, 3), seed=1, n_inputs=2)
    with pytest.raises(ValueError, match="threads_per_block must be a positive int"):
        simulate(net, duration=0.001, threads_per_block=0)
    with pytest.raises(TypeError, match="threads_per_block must be a positive int"):
        simulate(net, duration=0.001, threads_per_block=True)
    with pytest.raises(ValueError, match="backend='numba'"):
        simulate(net, duration=0.001, threads_per_block=2, backend="reference")


def test_more_threads_than_neurons():
    """A team is never larger than the liquid (each member owns a neuron at least)."""
    net = maass2002((1, 1, 2), seed=1, n_inputs=1)
    a = simulate(net, duration=0.01, seed=1, threads_per_block=1)
    b = simulate(net, duration=0.01, seed=1, threads_per_block=5)
    assert np.array_equal(a.spikes.times, b.spikes.times)


@pytest.mark.parametrize("threads_per_block", [1, 2])
@pytest.mark.parametrize("heterogeneous", [False, True])
def test_one_lane_blocks_agree_with_the_reference(heterogeneous, threads_per_block):
    """Blocks of one lane take their own neuron loop (with the coefficients read once when
    all neurons share them): the reference backend's result, bit for bit, with and without
    a team, for shared and per-neuron coefficients."""
    from liquidstate import Record, SpikeTrains

    net = maass2002((5, 3, 3), seed=1, n_inputs=2, noise_std=3e-9)
    if heterogeneous:
        g = np.random.default_rng(4)
        N = net.n_neurons
        net = net.replace(v_thresh=g.uniform(14.5e-3, 15.5e-3, N),
                          i_background=g.uniform(12e-9, 14e-9, N),
                          tau_m=g.uniform(25e-3, 35e-3, N))
    inputs = SpikeTrains.poisson([40.0, 80.0], [0.03, 0.02], 2, seed=5)
    rec = Record(neurons=[0, 9, 30], variables=("v", "i_e", "i_i"), every=2)
    a = simulate(net, inputs, seed=3, batch_size=1, n_threads=threads_per_block,
                 threads_per_block=threads_per_block, record=rec)
    b = simulate(net, inputs, seed=3, record=rec, backend="reference")
    assert a.spikes.n_events > 0
    for x, y in ((a.spikes.times, b.spikes.times), (a.spikes.channels, b.spikes.channels),
                 (a.spikes.offsets, b.spikes.offsets)):
        assert np.array_equal(x, y)
    for k in rec.variables:
        for x, y in zip(a.traces[k], b.traces[k]):
            assert np.array_equal(x, y), k
