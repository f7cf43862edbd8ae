"""The LSM in scikit-learn form: ``LiquidTransformer``, ``LSMClassifier``, ``LSMRegressor``.

``LiquidTransformer`` is a random feature map, like scikit-learn's ``RBFSampler``: ``fit``
draws the network from ``random_state``; ``transform`` encodes the input (if it is not spikes
already), simulates the liquid and extracts its states. ``LSMClassifier`` and
``LSMRegressor`` add a trained readout.

Inputs ``X`` may be ``SpikeTrains``; a list of arrays ``(n_steps_i, n_channels)`` (samples of
different lengths); a 3-D array ``(n_samples, n_steps, n_channels)``; or a 2-D array
``(n_samples, n_steps)`` of single-channel signals. Signals need an ``encoder``.

Each sample's random numbers (encoding, initial potentials, noise) are keyed by the seed and
a hash of the sample's content, so a sample's features do not depend on its position, on the
other samples, or on the batch: predictions on a subset equal those on the whole set.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin, TransformerMixin, clone
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted, validate_data

from .engine import simulate
from .network.specs import Maass2002
from .random import check_seed
from .spikes import SpikeTrains
from .states import StateExtractor

__all__ = ["LiquidTransformer", "LSMClassifier", "LSMRegressor", "sample_keys"]

_CACHE_SIZE = 4  # feature arrays kept per estimator (refitting a readout reuses them)


def _as_samples(X, estimator=None, reset: bool = True):
    """``X`` as SpikeTrains, or as a list of 2-D float arrays (one per sample).

    A 2-D array (or sparse matrix, or anything scikit-learn calls a 2-D array) is validated
    with scikit-learn's ``validate_data`` (so its errors and ``n_features_in_`` are the
    usual ones) and read as single-channel signals, one row per sample.
    """
    if isinstance(X, SpikeTrains):
        return X
    if isinstance(X, (list, tuple)) and X and all(isinstance(x, SpikeTrains) for x in X):
        return SpikeTrains.concatenate(X)  # what scikit-learn's indexing makes of one
    if not isinstance(X, (list, tuple, np.ndarray)) and hasattr(X, "__array__"):
        X = np.asarray(X)  # array-likes (e.g. pandas DataFrames)
    if sp.issparse(X) or (isinstance(X, np.ndarray) and X.ndim <= 2 and X.dtype != object):
        if estimator is None:
            arr = np.asarray(X, dtype=np.float64)
        else:
            arr = validate_data(estimator, X, reset=reset, dtype=np.float64)
        return [row[:, None] for row in arr]
    if isinstance(X, np.ndarray) and X.dtype != object:
        if X.ndim != 3:
            raise ValueError("X must be SpikeTrains, a list of (n_steps, n_channels) arrays, "
                             f"or an array of 2 or 3 dimensions, got shape {X.shape}")
        X = list(X)
    if not isinstance(X, (list, tuple, np.ndarray)) or len(X) == 0:
        raise ValueError("X must be SpikeTrains, a non-empty list of (n_steps, n_channels) "
                         f"arrays, or a 2-D/3-D array; got {type(X).__name__}")
    out = []
    for i, a in enumerate(X):
        a = np.asarray(a, dtype=np.float64)
        if a.ndim == 1:
            a = a[:, None]
        if a.ndim != 2:
            raise ValueError(f"X[{i}] must be a (n_steps, n_channels) array, got {a.shape}")
        out.append(a)
    return out


def _is_2d_array(X) -> bool:
    if not isinstance(X, (list, tuple, np.ndarray, SpikeTrains)) and hasattr(X, "__array__"):
        X = np.asarray(X)
    return sp.issparse(X) or (isinstance(X, np.ndarray) and X.ndim <= 2
                              and X.dtype != object)


def sample_keys(X: SpikeTrains | list[np.ndarray]) -> np.ndarray:
    """A 63-bit key per sample, a hash of its content (spike events, or signal values)."""
    keys = np.empty(len(X), np.int64)
    for i in range(len(X)):
        h = hashlib.blake2b(digest_size=8)
        if isinstance(X, SpikeTrains):
            t, c = X.sample(i)
            h.update(t.tobytes())
            h.update(c.tobytes())
            h.update(np.float64(X.durations[i]).tobytes())
        else:
            h.update(np.asarray(X[i].shape, np.int64).tobytes())
            h.update(np.ascontiguousarray(X[i]).tobytes())
        keys[i] = int.from_bytes(h.digest(), "little") >> 1
    return keys


def _fingerprint(keys: np.ndarray, params: dict) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(keys.tobytes())
    h.update(repr(sorted((k, repr(v)) for k, v in params.items())).encode())
    return h.hexdigest()


class LiquidTransformer(TransformerMixin, BaseEstimator):
    """Encode, simulate a liquid, and extract its states: an LSM's feature map.

    Parameters
    ----------
    network : Maass2002 or RandomLiquid, optional
        The liquid's specification (default ``Maass2002()``, the paper's column); reachable
        by ``GridSearchCV`` as ``network__weight_scale`` etc.
    encoder : transformer, optional
        Turns signals into ``SpikeTrains`` (e.g. ``PoissonEncoder``) or into analog currents
        (``AnalogEncoder``); not needed for spike input.
    extractor : StateExtractor, optional
        How to read states (default: spikes filtered with tau = 30 ms, at the end of each
        sample).
    dt : float
        Simulation step in seconds.
    random_state : int
        Draws the network and keys every sample's random numbers.
    n_threads : int, optional
        Simulation threads (results do not depend on it).
    progress : bool
        Show progress bars.

    Attributes
    ----------
    network_ : Network
        The drawn liquid.
    encoder_ : fitted encoder or None
    n_inputs_ : int
        Input channels of the liquid.
    """

    def __init__(self, network=None, encoder=None, extractor=None, dt=1e-4, random_state=0,
                 n_threads=None, progress=False):
        self.network = network
        self.encoder = encoder
        self.extractor = extractor
        self.dt = dt
        self.random_state = random_state
        self.n_threads = n_threads
        self.progress = progress

    # -- fitting ---------------------------------------------------------------------------
    def fit(self, X, y=None):
        """Draw the network for the input's channel count (``X`` is only used for shapes)."""
        samples = _as_samples(X, self, reset=True)
        self.seed_ = check_seed(self.random_state, "random_state")
        if isinstance(samples, SpikeTrains):
            if self.encoder is not None:
                raise ValueError("X is already SpikeTrains: set encoder=None")
            self.encoder_ = None
            self.n_inputs_ = samples.n_channels
        else:
            if self.encoder is None:
                raise ValueError("X holds signals: give an encoder (e.g. PoissonEncoder or "
                                 "AnalogEncoder) to turn them into liquid input")
            self.encoder_ = clone(self.encoder).fit(samples)
            probe = self.encoder_.transform(samples[:1])
            self.n_inputs_ = (probe.n_channels if isinstance(probe, SpikeTrains)
                              else int(np.asarray(probe[0]).shape[1]))
        if not hasattr(self, "n_features_in_") or not _is_2d_array(X):
            self.n_features_in_ = (samples[0].shape[1] if not isinstance(samples, SpikeTrains)
                                   else samples.n_channels)
        spec = self.network if self.network is not None else Maass2002()
        self.network_ = spec.build(n_inputs=self.n_inputs_, seed=self.seed_)
        self.extractor_ = self.extractor if self.extractor is not None else StateExtractor()
        if not isinstance(self.extractor_, StateExtractor):
            raise TypeError(f"extractor must be a StateExtractor, got "
                            f"{type(self.extractor_).__name__}")
        self._cache = OrderedDict()
        return self

    # -- features --------------------------------------------------------------------------
    def transform(self, X) -> np.ndarray:
        """Liquid states: ``(n_samples, n_features)``, or ``(n_samples, n_times, n_features)``
        when the extractor samples several times."""
        check_is_fitted(self, "network_")
        samples = _as_samples(X, self, reset=False) if _is_2d_array(X) else _as_samples(X)
        keys = sample_keys(samples)
        key = _fingerprint(keys, self.get_params(deep=True))
        cache = getattr(self, "_cache", None)
        if cache is None:
            cache = self._cache = OrderedDict()
        if key in cache:
            cache.move_to_end(key)
            return cache[key].copy()
        X_out = self._simulate_and_extract(samples, keys)
        cache[key] = X_out
        while len(cache) > _CACHE_SIZE:
            cache.popitem(last=False)
        return X_out.copy()

    def recording(self, X):
        """The liquid's full :class:`~liquidstate.Recording` for ``X`` (spikes and traces)."""
        check_is_fitted(self, "network_")
        samples = _as_samples(X)
        return self._simulate(samples, sample_keys(samples))

    def _encode(self, samples, keys):
        if isinstance(samples, SpikeTrains):
            if self.encoder_ is not None:
                raise ValueError("X is SpikeTrains but the transformer was fitted on signals")
            if samples.n_channels != self.n_inputs_:
                raise ValueError(f"X has {samples.n_channels} channels, the liquid was fitted "
                                 f"for {self.n_inputs_}")
            return samples, None
        if self.encoder_ is None:
            raise ValueError("X holds signals but the transformer was fitted on SpikeTrains")
        # one call per sample so its random numbers are keyed by its content
        parts = [self.encoder_.transform([s], first_index=int(k))
                 for s, k in zip(samples, keys)]
        if isinstance(parts[0], SpikeTrains):
            return SpikeTrains.concatenate(parts), None
        return None, [p[0] for p in parts]

    def _simulate(self, samples, keys):
        inputs, currents = self._encode(samples, keys)
        record = self.extractor_.needs_record(self.network_.n_neurons)
        return simulate(self.network_, inputs, currents, dt=self.dt, seed=self.seed_,
                        sample_indices=keys, record=record, n_threads=self.n_threads,
                        progress=self.progress)

    def _simulate_and_extract(self, samples, keys) -> np.ndarray:
        return np.asarray(self.extractor_(self._simulate(samples, keys)), dtype=np.float64)


class _LSMBase(BaseEstimator):
    """A liquid and a readout; features are cached so refitting the readout does not
    simulate again."""

    def __init__(self, liquid=None, readout=None):
        self.liquid = liquid
        self.readout = readout

    def _default_readout(self):
        raise NotImplementedError

    def _liquid_features(self, X, fit: bool):
        if fit:
            liquid = clone(self.liquid) if self.liquid is not None else LiquidTransformer()
            params = repr(sorted(liquid.get_params(deep=True).items(), key=lambda kv: kv[0]))
            reuse = getattr(self, "liquid_", None)
            if reuse is not None and getattr(self, "_liquid_params", None) == params:
                liquid = reuse  # same liquid: keep its feature cache
            else:
                liquid.fit(X)
            self.liquid_ = liquid
            self._liquid_params = params
        F = self.liquid_.transform(X)
        return F

    @staticmethod
    def _rows(F, y=None):
        """3-D features (an answer at every sampled time) become one row per time."""
        if F.ndim == 2:
            return F, y
        n, t, f = F.shape
        if y is not None:
            y = np.asarray(y)
            if y.shape[:2] != (n, t):
                raise ValueError(f"with states at {t} times per sample, y must have shape "
                                 f"({n}, {t}[, n_targets]), got {y.shape}")
            y = y.reshape((n * t,) + y.shape[2:])
        return F.reshape(n * t, f), y

    def fit(self, X, y):
        F = self._liquid_features(X, fit=True)
        self.n_features_in_ = self.liquid_.n_features_in_
        rows, targets = self._rows(F, y)
        readout = clone(self.readout) if self.readout is not None else self._default_readout()
        self.readout_ = readout.fit(rows, targets)
        self._states_shape = F.shape[1:]
        return self

    def _predict_rows(self, X, method: str):
        check_is_fitted(self, "readout_")
        F = self._liquid_features(X, fit=False)
        rows, _ = self._rows(F)
        out = getattr(self.readout_, method)(rows)
        if F.ndim == 3:
            out = np.asarray(out).reshape(F.shape[:2] + np.asarray(out).shape[1:])
        return out

    def predict(self, X):
        """Readout output per sample (or per sample and time for 3-D states)."""
        return self._predict_rows(X, "predict")

    def states(self, X) -> np.ndarray:
        """The liquid states the readout sees (cached)."""
        check_is_fitted(self, "liquid_")
        return self._liquid_features(X, fit=False)


class LSMClassifier(ClassifierMixin, _LSMBase):
    """A Liquid State Machine classifier: ``LiquidTransformer`` + a trained readout.

    Parameters
    ----------
    liquid : LiquidTransformer, optional
        The liquid (default ``LiquidTransformer()``).
    readout : classifier, optional
        Any scikit-learn classifier (default: ridge classification with the regularisation
        chosen by generalised cross-validation on the training data).
    """

    def _default_readout(self):
        from sklearn.linear_model import RidgeClassifierCV

        return RidgeClassifierCV(alphas=np.logspace(-6, 6, 25))

    def fit(self, X, y):
        super().fit(X, y)
        self.classes_ = self.readout_.classes_
        return self

    @available_if(lambda self: hasattr(self.readout_ if hasattr(self, "readout_")
                                       else (self.readout or self._default_readout()),
                                       "decision_function"))
    def decision_function(self, X):
        """The readout's decision function on the liquid states."""
        return self._predict_rows(X, "decision_function")

    @available_if(lambda self: hasattr(self.readout_ if hasattr(self, "readout_")
                                       else (self.readout or self._default_readout()),
                                       "predict_proba"))
    def predict_proba(self, X):
        """The readout's class probabilities on the liquid states."""
        return self._predict_rows(X, "predict_proba")


class LSMRegressor(RegressorMixin, _LSMBase):
    """A Liquid State Machine regressor: ``LiquidTransformer`` + a trained linear readout.

    With states sampled at several times, ``y`` has shape ``(n_samples, n_times[,
    n_targets])`` and the readout answers at every time (real-time computing).
    """

    def _default_readout(self):
        from sklearn.linear_model import RidgeCV

        return RidgeCV(alphas=np.logspace(-6, 6, 25))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True  # linear readouts answer several targets
        return tags

    def score(self, X, y, sample_weight=None):
        """R^2 of the predictions; with 3-D states over all (sample, time) rows."""
        if len(self._states_shape) == 1:
            return super().score(X, y, sample_weight=sample_weight)
        from sklearn.metrics import r2_score

        pred = np.asarray(self.predict(X))
        n, t = pred.shape[:2]
        return r2_score(np.asarray(y).reshape(n * t, -1), pred.reshape(n * t, -1))
