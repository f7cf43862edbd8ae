"""The separation task over liquid seeds: its curves are those of separation_curve, the paper's
column separates, and its arguments are checked."""

import numpy as np
import pytest

from liquidstate.analysis import separation_curve
from liquidstate.experiments import SeparationResult, run_separation
from liquidstate.network.specs import Maass2002

SMALL = Maass2002(shape=(3, 3, 3))


@pytest.mark.parametrize("same", [False, True])
def test_one_seed_gives_the_curves_of_separation_curve(same):
    # inputs drawn with data_seed, liquid and initial states with the liquid seed: equal
    # seeds reproduce separation_curve, which keys both with one seed
    res = run_separation(network=SMALL, n_pairs=6, duration=0.2, window=(0.05, 0.2),
                         seeds=(3,), data_seed=3, same_initial_state=same)
    times, curves = separation_curve(SMALL.build(n_inputs=1, seed=3), n_pairs=6,
                                     duration=0.2, seed=3, same_initial_state=same)
    np.testing.assert_allclose(res.times, times)
    np.testing.assert_allclose(res.curves[0], curves, rtol=1e-12, atol=1e-12)
    in_window = (times >= 0.05 - 1e-9) & (times <= 0.2 + 1e-9)
    np.testing.assert_allclose(res.window_means[0], curves[:, in_window].mean(axis=1))
    if same:
        # identical inputs from the same initial state: identical liquid states
        assert np.all(res.curves[0, 0] == 0.0)
    else:
        assert res.curves[0, 0].max() > 0.0


def test_the_paper_column_separates_and_the_inputs_are_fixed_by_data_seed():
    res = run_separation(n_pairs=20, seeds=(0, 1), data_seed=0)
    assert res.curves.shape == (2, 4, 501) and res.window_means.shape == (2, 4)
    assert res.grows().tolist() == [True, True] and res.grows_on_average()
    # the pairs lie within the tolerance of the requested distances
    np.testing.assert_allclose(res.input_distances, [0.0, 0.1, 0.2, 0.4], atol=0.01)
    # identical inputs from different initial states: the liquid forgets them (the state
    # distance at the end is far below that of the other distances)
    assert res.curves[:, 0, -1].max() < 0.5 * res.curves[:, 1, -1].min()
    assert np.all(res.rates > 0)
    s = res.summary()
    assert s["state_distance"]["mean"] == pytest.approx(res.window_means.mean(axis=0))
    assert s["grows"] is True and s["grows_per_seed"] == [True, True]
    assert s["window"] == [0.1, 0.5] and s["same_initial_state"] is False
    # another liquid seed changes the liquid, not the inputs
    other = run_separation(n_pairs=20, seeds=(5,), data_seed=0, distances=(0.0, 0.4))
    np.testing.assert_allclose(other.input_distances, res.input_distances[[0, 3]])
    assert not np.allclose(other.curves[0, 1], res.curves[0, 3])


def _result(window_means, distances=(0.0, 0.1, 0.2)):
    w = np.asarray(window_means, dtype=float)
    return SeparationResult(
        times=np.zeros(1), curves=w[:, :, None], window_means=w, distances=distances,
        input_distances=np.asarray(distances), window=(0.0, 0.1), rates=np.ones(len(w)),
        seeds=tuple(range(len(w))), tau=0.03, n_pairs=1, same_initial_state=False,
        seconds=0.0)


def test_grows_orders_by_the_input_distance():
    mixed = _result([[1, 2, 3], [1, 3, 2.8]])
    assert mixed.grows().tolist() == [True, False]
    assert mixed.grows_on_average()                                  # means 1, 2.5, 2.9
    assert not _result([[1, 2, 3], [1, 3, 2]]).grows_on_average()    # means 1, 2.5, 2.5
    # the distances need not be listed in order; equal state distances do not grow
    assert _result([[3, 1, 2]], distances=(0.4, 0.0, 0.2)).grows().tolist() == [True]
    assert _result([[1, 1, 2]]).grows().tolist() == [False]


@pytest.mark.parametrize("kwargs, match", [
    ({"distances": (0.1,)}, "distances"),
    ({"distances": (0.1, 0.1)}, "distances must all be different"),
    ({"distances": (0.0, -0.1)}, "distances"),
    ({"window": (0.2, 0.1)}, "window"),
    ({"window": (0.1, 0.6)}, "window"),
    ({"window": (0.1001, 0.1009)}, "holds no sample time"),
    ({"seeds": ()}, "seeds"),
    ({"n_pairs": 0}, "n_pairs"),
    ({"step": 0.0}, "step"),
])
def test_bad_arguments_name_the_argument(kwargs, match):
    with pytest.raises(ValueError, match=match):
        run_separation(**{"network": SMALL, "n_pairs": 2, **kwargs})
