"""The LSM in scikit-learn form: ``LiquidTransformer``, ``InputTransformer``,
``LSMClassifier``, ``LSMRegressor``.

``LiquidTransformer`` is a random feature map, like scikit-learn's ``RBFSampler``: ``fit``
draws the network from ``random_state``; ``transform`` encodes the input (if it is not spikes
already), simulates the liquid and extracts its states. ``InputTransformer`` is the control:
the same encoding and extractor without the liquid (the extractor on the input spike trains,
or for an analog encoder :meth:`~liquidstate.states.StateExtractor.signal_states` of its
currents, the same exact filter), so a readout on it shows what the liquid adds.
``LSMClassifier`` and ``LSMRegressor`` add a trained readout; by default the project's ridge
readout on standardised states, the penalty chosen from
:data:`~liquidstate.readouts.DEFAULT_ALPHAS`.

Inputs ``X`` may be ``SpikeTrains``; a list of arrays ``(n_steps_i, n_channels)`` (samples of
different lengths); a 3-D array ``(n_samples, n_steps, n_channels)``; or a 2-D array
``(n_samples, n_steps)`` of single-channel signals. Signals need an ``encoder``.

Sample keys
-----------
In the learning pipeline (``LiquidTransformer``, ``InputTransformer``, ``LSMClassifier`` /
``LSMRegressor`` and every experiment built on them) a sample's random numbers are keyed by
a seed and the sample's **content key**, :func:`sample_keys` (a 63-bit hash of its spike
events and duration, or of its signal values and shape). The encoding draws from
``(encoder seed, key)``; the liquid's initial membrane potentials and noise draw from
``(random_state, key)``. Identical samples get identical states, and a sample's position in
a data set or batch, the other samples and the split never matter: ``transform`` of a subset
equals the same rows of the whole. :func:`~liquidstate.simulate` itself keys by
``sample_indices`` (by default the position in the batch) for direct engine users; the
estimators pass the content keys there. (The separation measure,
:func:`~liquidstate.analysis.measure_separation`, keys by pair index on purpose: identical
inputs there must start from different states.)

``transform`` is stateless: the same input simulates again, and so does every ``fit`` of an
``LSMClassifier`` / ``LSMRegressor``. To reuse features while tuning a readout, cache the
transformer's output with ``Pipeline(..., memory=dir)``.
"""

from __future__ import annotations

import hashlib
import inspect

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin, TransformerMixin, clone
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted, validate_data

from .engine import simulate
from .network.specs import check_spec
from .random import check_seed
from .readouts import RidgeClassifierReadout, RidgeReadout
from .spikes import SpikeTrains
from .states import StateExtractor

__all__ = ["LiquidTransformer", "InputTransformer", "LSMClassifier", "LSMRegressor",
           "sample_keys"]


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
    """A 63-bit key per sample, a hash of its content: the content key of the sample-keying
    rule (module documentation).

    For ``SpikeTrains``: the hash of each sample's spike times, channels and duration; for
    signals (a list of ``(n_steps, n_channels)`` arrays): of the array's shape and values.
    Samples with equal content get equal keys; distinct samples collide with probability
    about ``2^-63`` per pair.
    """
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


def _check_extractor(extractor) -> StateExtractor:
    out = extractor if extractor is not None else StateExtractor()
    if not isinstance(out, StateExtractor):
        raise TypeError(f"extractor must be a StateExtractor, got {type(out).__name__}")
    return out


def _fit_encoder(estimator, X, samples):
    """Set ``encoder_``, ``n_inputs_`` (input channels after encoding) and
    ``n_features_in_`` of ``estimator`` for the samples of ``X``."""
    if isinstance(samples, SpikeTrains):
        if estimator.encoder is not None:
            raise ValueError("X is already SpikeTrains: set encoder=None")
        estimator.encoder_ = None
        estimator.n_inputs_ = samples.n_channels
    else:
        if estimator.encoder is None:
            raise ValueError("X holds signals: give an encoder (e.g. PoissonEncoder or "
                             "AnalogEncoder) to turn them into liquid input")
        estimator.encoder_ = clone(estimator.encoder).fit(samples)
        probe = estimator.encoder_.transform(samples[:1])
        estimator.n_inputs_ = (probe.n_channels if isinstance(probe, SpikeTrains)
                               else int(np.asarray(probe[0]).shape[1]))
    if not _is_2d_array(X):  # 2-D arrays: validate_data set it (columns = time steps)
        estimator.n_features_in_ = (samples[0].shape[1] if not isinstance(samples, SpikeTrains)
                                    else samples.n_channels)


def _encode(estimator, samples, keys):
    """``(spikes, currents)``: the encoded samples, each keyed by its content key."""
    if isinstance(samples, SpikeTrains):
        if estimator.encoder_ is not None:
            raise ValueError(f"X is SpikeTrains but the {type(estimator).__name__} was fitted "
                             "on signals")
        if samples.n_channels != estimator.n_inputs_:
            raise ValueError(f"X has {samples.n_channels} channels, the "
                             f"{type(estimator).__name__} was fitted for "
                             f"{estimator.n_inputs_}")
        return samples, None
    if estimator.encoder_ is None:
        raise ValueError(f"X holds signals but the {type(estimator).__name__} was fitted on "
                         "SpikeTrains")
    # one call per sample so its random numbers are keyed by its content
    parts = [estimator.encoder_.transform([s], first_index=int(k))
             for s, k in zip(samples, keys)]
    if isinstance(parts[0], SpikeTrains):
        return SpikeTrains.concatenate(parts), None
    return None, [p[0] for p in parts]


def _samples(estimator, X):
    check_is_fitted(estimator, "n_inputs_")
    return _as_samples(X, estimator, reset=False) if _is_2d_array(X) else _as_samples(X)


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
        Draws the network; with each sample's content key (:func:`sample_keys`) it also
        keys the sample's initial potentials and noise (module documentation).
    n_threads : int, optional
        Simulation threads (results do not depend on it).
    progress : bool
        Show progress bars.

    Attributes
    ----------
    network_ : Network
        The drawn liquid.
    seed_ : int
        The validated ``random_state``.
    encoder_ : fitted encoder or None
    extractor_ : StateExtractor
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

    def fit(self, X, y=None):
        """Draw the network for the input's channel count (``X`` is only used for shapes).
        Every ``fit`` starts afresh: another channel count, length or size is fine."""
        samples = _as_samples(X, self, reset=True)
        self.seed_ = check_seed(self.random_state, "random_state")
        _fit_encoder(self, X, samples)
        spec = check_spec(self.network)
        self.network_ = spec.build(n_inputs=self.n_inputs_, seed=self.seed_)
        self.extractor_ = _check_extractor(self.extractor)
        return self

    def transform(self, X) -> np.ndarray:
        """Liquid states: ``(n_samples, n_features)``, or ``(n_samples, n_times, n_features)``
        when the extractor samples several times. Stateless (simulates every call)."""
        check_is_fitted(self, "network_")
        samples = _samples(self, X)
        rec = self._simulate(samples, sample_keys(samples))
        return np.asarray(self.extractor_(rec), dtype=np.float64)

    def recording(self, X):
        """The liquid's full :class:`~liquidstate.Recording` for ``X`` (spikes and traces)."""
        check_is_fitted(self, "network_")
        samples = _samples(self, X)
        return self._simulate(samples, sample_keys(samples))

    def _simulate(self, samples, keys):
        inputs, currents = _encode(self, samples, keys)
        record = self.extractor_.needs_record(self.network_.n_neurons)
        return simulate(self.network_, inputs, currents, dt=self.dt, seed=self.seed_,
                        sample_indices=keys, record=record, n_threads=self.n_threads,
                        progress=self.progress)


class InputTransformer(TransformerMixin, BaseEstimator):
    r"""The no-liquid control: the extractor applied to the encoded input itself.

    The same encoding (keyed by content, as in :class:`LiquidTransformer`) and the same
    :class:`~liquidstate.states.StateExtractor`, without the liquid: the features are the
    input channels filtered (or counted) as the liquid's neurons would be. A readout on
    these features is the control of every LSM result: what the liquid adds is the
    difference.

    For spike input (or a spike encoder) the features are ``extractor(spikes)``. For an
    analog encoder (e.g. ``AnalogEncoder``) they are
    ``extractor.signal_states(currents, dt=encoder.sim_dt)``: each input channel ``u_c``
    (the encoder's output, held over each step of ``sim_dt`` seconds) filtered exactly with
    the same kernel, :math:`x_c(t) = \int_0^t u_c(s) e^{-(t - s)/\tau} ds` (the unit of
    ``u`` times seconds), at the same sampling times; this needs ``kind="exponential"``.

    Parameters
    ----------
    encoder : transformer, optional
        Turns signals into ``SpikeTrains`` (e.g. ``PoissonEncoder``) or into analog currents
        (an encoder with a ``sim_dt``, the seconds per current value, as ``AnalogEncoder``);
        not needed for spike input.
    extractor : StateExtractor, optional
        How to read states (default as :class:`LiquidTransformer`'s); ``"exponential"`` or
        ``"counts"`` for spikes, ``"exponential"`` for analog currents.
    random_state : int
        Kept for symmetry with :class:`LiquidTransformer` (``make_pipeline`` swaps the two);
        the encoding draws from the encoder's own seed and each sample's content key.

    Attributes
    ----------
    encoder_ : fitted encoder or None
    n_inputs_ : int
        Input channels after encoding (the number of features per sampled time and tau).
    """

    def __init__(self, encoder=None, extractor=None, random_state=0):
        self.encoder = encoder
        self.extractor = extractor
        self.random_state = random_state

    def fit(self, X, y=None):
        """Fit the encoder (``X`` is only used for shapes)."""
        samples = _as_samples(X, self, reset=True)
        check_seed(self.random_state, "random_state")
        self.extractor_ = _check_extractor(self.extractor)
        if self.extractor_.kind == "membrane":
            raise ValueError("extractor of kind 'membrane' needs a liquid; the input has no "
                             "membrane potentials (use kind 'exponential' or 'counts')")
        _fit_encoder(self, X, samples)
        return self

    def transform(self, X) -> np.ndarray:
        """Input states: ``(n_samples, n_features)`` or ``(n_samples, n_times,
        n_features)``, features = input channels (per ``tau`` for several)."""
        check_is_fitted(self, "extractor_")
        samples = _samples(self, X)
        spikes, currents = _encode(self, samples, sample_keys(samples))
        if spikes is not None:
            return np.asarray(self.extractor_(spikes), dtype=np.float64)
        dt = getattr(self.encoder_, "sim_dt", None)
        if dt is None:
            raise ValueError(f"the encoder {type(self.encoder_).__name__} gives analog "
                             "currents but no sim_dt (seconds per current value) to filter "
                             "them with")
        return np.asarray(self.extractor_.signal_states(currents, dt=dt), dtype=np.float64)


def _accepts_groups(readout) -> bool:
    try:
        return "groups" in inspect.signature(readout.fit).parameters
    except (TypeError, ValueError):  # pragma: no cover - builtins without a signature
        return False


class _LSMBase(BaseEstimator):
    """A liquid and a readout. ``fit`` always draws the liquid afresh for the data given."""

    def __init__(self, liquid=None, readout=None):
        self.liquid = liquid
        self.readout = readout

    def _default_readout(self):
        raise NotImplementedError

    def _liquid_features(self, X, fit: bool):
        if fit:
            liquid = clone(self.liquid) if self.liquid is not None else LiquidTransformer()
            self.liquid_ = liquid.fit(X)
        return self.liquid_.transform(X)

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
        """Draw the liquid, compute the states of ``X`` and fit the readout on them.

        With states at several times per sample (3-D), a readout whose ``fit`` takes
        ``groups`` (the project's ridge readouts) gets the sample of each row, so that its
        penalty is chosen by K-fold over whole samples (their rows are correlated)."""
        F = self._liquid_features(X, fit=True)
        self.n_features_in_ = self.liquid_.n_features_in_
        rows, targets = self._rows(F, y)
        readout = clone(self.readout) if self.readout is not None else self._default_readout()
        if F.ndim == 3 and _accepts_groups(readout):
            readout.fit(rows, targets, groups=np.repeat(np.arange(F.shape[0]), F.shape[1]))
        else:
            readout.fit(rows, targets)
        self.readout_ = readout
        self.states_shape_ = F.shape[1:]
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
        """The liquid states the readout sees."""
        check_is_fitted(self, "liquid_")
        return self._liquid_features(X, fit=False)


class LSMClassifier(ClassifierMixin, _LSMBase):
    """A Liquid State Machine classifier: ``LiquidTransformer`` + a trained readout.

    Parameters
    ----------
    liquid : LiquidTransformer, optional
        The liquid (default ``LiquidTransformer()``).
    readout : classifier, optional
        Any scikit-learn classifier (default: ``RidgeClassifierReadout(standardize=True)``,
        ridge classification on standardised states, the penalty chosen from
        :data:`~liquidstate.readouts.DEFAULT_ALPHAS` by leave-one-out on the training data).
    """

    def _default_readout(self):
        return RidgeClassifierReadout(standardize=True)

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

    Parameters
    ----------
    liquid : LiquidTransformer, optional
        The liquid (default ``LiquidTransformer()``).
    readout : regressor, optional
        Any scikit-learn regressor (default: ``RidgeReadout(standardize=True)``, ridge
        regression on standardised states, the penalty chosen from
        :data:`~liquidstate.readouts.DEFAULT_ALPHAS` by leave-one-out, or by K-fold over
        whole samples for 3-D states).
    """

    def _default_readout(self):
        return RidgeReadout(standardize=True)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True  # linear readouts answer several targets
        return tags

    def score(self, X, y, sample_weight=None):
        """R^2 of the predictions; with 3-D states over all (sample, time) rows."""
        check_is_fitted(self, "readout_")
        if len(self.states_shape_) == 1:
            return super().score(X, y, sample_weight=sample_weight)
        from sklearn.metrics import r2_score

        pred = np.asarray(self.predict(X))
        n, t = pred.shape[:2]
        return r2_score(np.asarray(y).reshape(n * t, -1), pred.reshape(n * t, -1))
