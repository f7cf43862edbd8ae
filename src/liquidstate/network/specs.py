"""Network specifications: the parameters of a liquid, as scikit-learn parameter objects.

A spec holds only parameters (``get_params``/``set_params``, so ``GridSearchCV`` can reach
``liquid__network__weight_scale``) and draws a :class:`~liquidstate.network.Network` with
:meth:`build`, the way scikit-learn's ``RBFSampler`` draws its random features in ``fit``.
"""

from __future__ import annotations

from sklearn.base import BaseEstimator

from .build import MAASS2002, maass2002, random_network
from .network import Network

__all__ = ["Maass2002", "RandomLiquid", "check_spec"]


class Maass2002(BaseEstimator):
    """The column of Maass, Natschlaeger & Markram (2002); see :func:`maass2002`.

    Parameters are the most used keywords of :func:`maass2002` (the rest keep the paper's
    values): ``shape``, ``input_fraction``, ``dynamic``, ``weight_scale``, ``lam``,
    ``amplitude_cv``, ``tm_cv``, ``frac_inhibitory``, ``noise_std`` (A), ``input_weight_e``,
    ``input_weight_i`` (A), ``i_background`` (A).
    """

    def __init__(self, shape=(15, 3, 3), input_fraction=0.3, dynamic=True, weight_scale=1.0,
                 lam=MAASS2002["lam"], amplitude_cv=1.0, tm_cv=0.5,
                 frac_inhibitory=MAASS2002["frac_inhibitory"], noise_std=0.0,
                 input_weight_e=MAASS2002["input_weight_e"],
                 input_weight_i=MAASS2002["input_weight_i"],
                 i_background=MAASS2002["i_background"]):
        self.shape = shape
        self.input_fraction = input_fraction
        self.dynamic = dynamic
        self.weight_scale = weight_scale
        self.lam = lam
        self.amplitude_cv = amplitude_cv
        self.tm_cv = tm_cv
        self.frac_inhibitory = frac_inhibitory
        self.noise_std = noise_std
        self.input_weight_e = input_weight_e
        self.input_weight_i = input_weight_i
        self.i_background = i_background

    def build(self, n_inputs: int, seed: int) -> Network:
        """Draw the network for ``n_inputs`` input channels from ``seed``."""
        return maass2002(tuple(self.shape), n_inputs=n_inputs, seed=seed, **{
            k: v for k, v in self.get_params().items() if k != "shape"})


class RandomLiquid(BaseEstimator):
    """An Erdos-Renyi liquid with static synapses; see :func:`random_network`."""

    def __init__(self, n_neurons=135, p_connect=0.1, frac_inhibitory=0.2, weight_exc=3e-9,
                 weight_inh=-6e-9, weight_scale=1.0, amplitude_cv=0.0, delay=1e-3,
                 input_fraction=0.3, input_weight=18e-9, noise_std=0.0):
        self.n_neurons = n_neurons
        self.p_connect = p_connect
        self.frac_inhibitory = frac_inhibitory
        self.weight_exc = weight_exc
        self.weight_inh = weight_inh
        self.weight_scale = weight_scale
        self.amplitude_cv = amplitude_cv
        self.delay = delay
        self.input_fraction = input_fraction
        self.input_weight = input_weight
        self.noise_std = noise_std

    def build(self, n_inputs: int, seed: int) -> Network:
        """Draw the network for ``n_inputs`` input channels from ``seed``."""
        params = self.get_params()
        return random_network(params.pop("n_neurons"), n_inputs=n_inputs, seed=seed, **params)


def check_spec(network, name: str = "network", default: dict | None = None):
    """``network`` as a network specification (an object with ``build``), or a clear error.

    ``None`` gives ``Maass2002(**default)`` (the paper's column when ``default`` is None). A
    drawn :class:`~liquidstate.network.Network` is refused with a message saying what to
    pass instead: a spec draws one network per seed, so the experiments and estimators that
    take one can repeat the draw.
    """
    if network is None:
        return Maass2002(**(default or {}))
    if isinstance(network, Network):
        raise TypeError(f"{name} must be a network specification such as Maass2002(...) or "
                        f"RandomLiquid(...), which draws a network per seed; got a drawn "
                        f"Network (pass the spec, e.g. Maass2002(shape=...), instead)")
    if not callable(getattr(network, "build", None)):
        raise TypeError(f"{name} must be a network specification such as Maass2002(...) or "
                        f"RandomLiquid(...), got {type(network).__name__}")
    return network
