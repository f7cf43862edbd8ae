"""Spoken-word classification with a liquid: the Free Spoken Digit Dataset and folders of
labelled recordings, beside the same readout without the liquid and an MFCC baseline.

The pipeline, for every recording of a :class:`~liquidstate.datasets.SpeechDataset`:

1. **front end**: a cochleagram (:class:`~liquidstate.encoders.AuditoryFrontEnd`: leading
   and trailing silence trimmed, gammatone or mel bands, per-utterance gain normalisation,
   compression), one row per ``dt_frame`` s;
2. **encoding** into spike trains (level crossing, BSA or send-on-delta), followed by
   ``tail`` seconds of silence so that the liquid can respond to the end of the word;
3. **liquid**: one Maass 2002 column per liquid seed, a
   :class:`~liquidstate.estimators.LiquidTransformer` that simulates all recordings in
   one :func:`~liquidstate.simulate` call (the engine batches them over the cores), each
   recording's initial state and noise keyed by the liquid seed and its content
   (:func:`~liquidstate.estimators.sample_keys`);
4. **states**: a :class:`~liquidstate.states.StateExtractor`: the square roots of the
   liquid's spike counts (or its spikes filtered with one or several time constants
   ``tau``) in ``n_bins`` equal bins of each recording (bins scale with its duration;
   several numbers of bins make a temporal pyramid, by default the whole recording, its
   halves and its quarters), flattened into one feature vector per recording;
5. **readout**: a ridge classifier on features standardised with the training set's SD,
   its penalty chosen from :data:`~liquidstate.readouts.DEFAULT_ALPHAS` by exact
   leave-one-out on the training set (:class:`~liquidstate.readouts.RidgeClassifierReadout`
   with ``standardize=True``), or a logistic regression on standardised features whose
   ``C`` is chosen by stratified cross-validation inside the training set
   (:func:`~liquidstate.readouts.logistic_readout`). Test recordings are used once, to
   score.

Beside the liquid, every fold also evaluates

- the **control**: steps 4-5 on the encoded input spikes themselves (no liquid, the same
  extractor: :class:`~liquidstate.estimators.InputTransformer`), so the difference is what
  the liquid adds; it does not depend on the liquid seed (computed once);
- the **MFCC baseline**: 13 MFCCs (librosa; 25 ms frames every 10 ms, 40 mel bands) of the
  same trimmed recordings, averaged over the same bins and flattened, with a
  logistic regression (``C`` by cross-validation inside the training set); also computed
  once.

An evaluation **protocol** is a list of folds ``(name, train indices, test indices)``:
FSDD's standard split (recording index 0-4 test, 300 recordings), leave-one-speaker-out (6
folds of 500), chosen test speakers, or a stratified random fraction of a folder. A
protocol's accuracy is the mean of its folds' test accuracies (for leave-one-speaker-out the
mean over the speakers), per liquid seed; the figures are the mean and SD (ddof=0) over the
liquid seeds.

**Cache.** The front end and encoding (steps 1-2) depend neither on the liquid nor on the
readout, so their output is stored on disk (:mod:`liquidstate.datasets.cache`: atomic npz
entries keyed by a sha256 of the front-end and encoder parameters, the liquidstate version
and the content of the signals). A rerun with another liquid, state or readout loads them in
a fraction of a second; an interrupted run leaves no corrupt entry. The MFCC features are
cached the same way.

**Bad data.** :func:`run_speech_folder` loads folders with ``on_error="skip"``: unreadable,
empty or unlabelled files are skipped with a warning and listed in ``SpeechResult.skipped``
(and in ``results.json``); stereo files are mixed down to mono and files at another rate
are resampled to the most common one, with a warning each. A split whose test set holds a
label absent from its training set is refused before any work, naming the labels
(:func:`~liquidstate.datasets.check_split`); the stratified ``test_fraction`` split never
makes one (each label keeps at least one training recording).

All defaults are in one place: the signature of :func:`run_speech` (units in its
docstring) and ``DEFAULT_NETWORK`` for the liquid. :func:`run_fsdd` and
:func:`run_speech_folder` take the same keywords.
"""

from __future__ import annotations

import inspect
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from sklearn.metrics import confusion_matrix
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from .._progress import progress_bar
from .._validation import (choice, integer, nonnegative_seconds, positive_float,
                           positive_floats, positive_int, positive_seconds, real)
from .._warnings import warn
from ..datasets.audio import SpeechDataset, _indices, audio_folder, check_split
from ..datasets.cache import (cache_key, load_arrays, load_spikes, save_arrays, save_spikes,
                              user_cache_dir)
from ..encoders import AuditoryFrontEnd, bsa, delta, threshold_levels, trim_silence
from ..estimators import InputTransformer, LiquidTransformer
from ..network.specs import Maass2002, check_spec
from ..random import check_seed
from ..readouts import DEFAULT_ALPHAS, RidgeClassifierReadout, logistic_readout
from ..spikes import SpikeTrains
from ..states import StateExtractor
from ..states.filters import check_taus
from ._summary import spread

__all__ = ["run_speech", "run_fsdd", "run_speech_folder", "SpeechResult", "ProtocolResult",
           "DEFAULT_NETWORK", "ENCODERS", "STATES", "READOUTS", "FSDD_PROTOCOLS",
           "DEFAULT_TEST_FRACTION"]

#: The liquid of the speech tasks (keywords of :class:`~liquidstate.network.specs.Maass2002`;
#: the rest keep the paper's values): a 10 x 10 x 10 column (1,000 neurons), each of the 64
#: send-on-delta channels (32 bands, up and down) projecting to 5% of the neurons at twice
#: the paper's input amplitudes (36 nA onto E, 18 nA onto I). Chosen on FSDD on validation
#: splits inside the standard training set, as where the liquid adds most over its own
#: input at equal or better accuracy.
DEFAULT_NETWORK = {"shape": (10, 10, 10), "input_fraction": 0.05, "weight_scale": 1.0,
                   "dynamic": True, "input_weight_e": 36e-9, "input_weight_i": 18e-9}

#: The spike encoders: level crossing (:func:`~liquidstate.encoders.threshold_levels`, ``2
#: n_levels`` channels per band), Ben's Spiker Algorithm (:func:`~liquidstate.encoders.bsa`,
#: one channel per band) and send-on-delta (:func:`~liquidstate.encoders.delta`, two per band).
ENCODERS = ("levels", "bsa", "delta")
#: The liquid states: square-root spike counts per bin, or exponentially filtered spikes at
#: the bin ends.
STATES = ("counts", "filtered")
#: The readouts: ridge classifier (penalty by leave-one-out) or logistic regression (C by CV).
READOUTS = ("ridge", "logistic")
#: The evaluation protocols of :func:`run_fsdd`.
FSDD_PROTOCOLS = ("standard", "loso")
#: The test fraction of :func:`run_speech_folder` when neither ``test_speakers`` nor
#: ``test_fraction`` is given.
DEFAULT_TEST_FRACTION = 0.2

#: Part of the cache keys of encoded inputs and MFCC frames: bump it whenever a change of the
#: code changes the front end's, an encoder's or the MFCC features' output, so that entries
#: written before are not taken for the new output (the package version alone does not
#: change between such commits). 2: the per-utterance gain falls back to the peak when the
#: 99th percentile is 0 (2026-11-27).
ENCODED_REVISION = 2

# The MFCC baseline's framing: 25 ms Hann windows every 10 ms, 40 mel bands (librosa).
MFCC_WINDOW = 0.025   # s
MFCC_HOP = 0.010      # s
MFCC_MELS = 40

# Recordings per chunk of the front end and encoder (progress-bar granularity).
_CHUNK = 250
_CHOICE_NONE = ("none", None)


# ============================================================================ results
@dataclass(frozen=True, eq=False)
class ProtocolResult:
    """Test predictions of one evaluation protocol, fold by fold, and what follows from them.

    Attributes
    ----------
    name : str
        The protocol ("standard", "loso", "test", ...).
    folds : tuple of str
        The fold names (leave-one-speaker-out: the test speaker).
    test : tuple of ndarray of int64
        The test recordings of each fold (indices into the dataset).
    n_train : tuple of int
        The number of training recordings of each fold.
    labels : tuple of ndarray of str
        The true label of each fold's test recordings.
    speakers : tuple of ndarray of str, or None
        The speaker of each fold's test recordings (None when the dataset has no speakers).
    liquid : tuple of ndarray of str, each (n_seeds, n_test)
        Predicted labels of the liquid's readout, per liquid seed.
    control : tuple of ndarray of str (n_test,), or None
        Predictions of the same readout on the encoded input (no liquid); None when skipped.
    mfcc : tuple of ndarray of str (n_test,), or None
        Predictions of the MFCC + logistic regression baseline; None when skipped.
    penalties : dict
        The hyperparameter chosen on each fold's training set: ``"liquid"`` (n_seeds,
        n_folds), ``"control"`` and ``"mfcc"`` (n_folds,); the ridge penalty alpha, or the
        logistic regression's C.
    classes : ndarray of str
        The labels, sorted: the rows and columns of the confusion matrices.
    """

    name: str
    folds: tuple
    test: tuple
    n_train: tuple
    labels: tuple
    speakers: tuple | None
    liquid: tuple
    control: tuple | None
    mfcc: tuple | None
    penalties: dict
    classes: np.ndarray

    def _predictions(self, which: str):
        if which not in ("liquid", "control", "mfcc"):
            raise ValueError(f"which must be 'liquid', 'control' or 'mfcc', got {which!r}")
        return getattr(self, which)

    def fold_accuracy(self, which: str = "liquid") -> np.ndarray | None:
        """Test accuracy per fold: ``(n_seeds, n_folds)`` for the liquid, ``(n_folds,)`` for
        the control and the MFCC baseline (None when skipped)."""
        preds = self._predictions(which)
        if preds is None:
            return None
        acc = [np.mean(p == y, axis=-1) for p, y in zip(preds, self.labels)]
        return np.stack(acc, axis=-1)

    def accuracy(self, which: str = "liquid"):
        """The protocol's accuracy, the mean over its folds: ``(n_seeds,)`` for the liquid, a
        float for the control and the MFCC baseline (None when skipped)."""
        acc = self.fold_accuracy(which)
        if acc is None:
            return None
        mean = acc.mean(axis=-1)
        return mean if which == "liquid" else float(mean)

    def speaker_names(self) -> list[str]:
        """The speakers of the test recordings, sorted (empty without speakers)."""
        if self.speakers is None:
            return []
        return sorted(set(np.concatenate(self.speakers).tolist()))

    def speaker_accuracy(self, which: str = "liquid") -> dict | None:
        """Accuracy on each test speaker's recordings, pooled over the folds: ``{speaker:
        array (n_seeds,)}`` for the liquid, ``{speaker: float}`` otherwise (None when
        skipped; empty without speakers). For leave-one-speaker-out this is the accuracy of
        each fold."""
        preds = self._predictions(which)
        if preds is None:
            return None
        if self.speakers is None:
            return {}
        spk = np.concatenate(self.speakers)
        correct = np.concatenate([p == y for p, y in zip(preds, self.labels)], axis=-1)
        out = {}
        for s in self.speaker_names():
            acc = correct[..., spk == s].mean(axis=-1)
            out[s] = acc if which == "liquid" else float(acc)
        return out

    def confusion(self, which: str = "liquid") -> np.ndarray | None:
        """Confusion matrix ``(n_classes, n_classes)`` of counts, rows the true label and
        columns the predicted one (order ``classes``), summed over the folds and, for the
        liquid, over the liquid seeds (so its rows sum to ``n_seeds`` times the test
        recordings of each label). None when skipped."""
        preds = self._predictions(which)
        if preds is None:
            return None
        cm = np.zeros((self.classes.size, self.classes.size), np.int64)
        for p, y in zip(preds, self.labels):
            for row in np.atleast_2d(p):
                cm += confusion_matrix(y, row, labels=self.classes)
        return cm

    @property
    def n_test(self) -> int:
        """Test recordings over all folds."""
        return int(sum(t.size for t in self.test))


@dataclass(frozen=True, eq=False)
class SpeechResult:
    """The outcome of :func:`run_speech`: one :class:`ProtocolResult` per protocol.

    Attributes
    ----------
    protocols : dict of str -> ProtocolResult
    classes : ndarray of str
    seeds : tuple of int
        The liquid seeds.
    rates : ndarray (n_seeds,)
        Mean firing rate of each liquid over all recordings, Hz.
    input_rate : float
        Mean rate of the encoded input channels, Hz.
    n_neurons, n_inputs : int
        Neurons of the liquid, encoded input channels.
    n_recordings : int
    skipped : tuple of str
        Files skipped while loading (``"path: reason"``).
    cache_hit : bool
        Whether the encoded inputs came from the cache.
    cache_path : str or None
        The cache entry of the encoded inputs (None with ``cache=False``).
    timings : dict
        Wall-clock seconds per stage: ``load_s`` (reading the files; the wrappers),
        ``front_end_s`` and ``encode_s`` (0 on a cache hit), ``warmup_s`` (first call of
        the compiled kernels, apart from the rest), per liquid seed ``build_s``,
        ``simulate_s``, ``states_s``, ``readout_s`` (training and testing every fold), and
        ``control_s``, ``mfcc_s`` (features, training and testing of the baselines).
    seconds : float
        The whole run.
    parameters : dict
        The parameters of the run (JSON-ready).
    """

    protocols: dict
    classes: np.ndarray
    seeds: tuple
    rates: np.ndarray
    input_rate: float
    n_neurons: int
    n_inputs: int
    n_recordings: int
    skipped: tuple
    cache_hit: bool
    cache_path: str | None
    timings: dict = field(default_factory=dict)
    seconds: float = 0.0
    parameters: dict = field(default_factory=dict)

    def metrics(self) -> dict:
        """JSON-ready accuracies: per protocol ``liquid`` (mean, sd over liquid seeds,
        per_seed, per_fold and per_speaker, each with mean, sd, per_seed), ``control`` and
        ``mfcc`` (mean, per_fold, per_speaker; None when skipped), ``difference`` (liquid -
        control per seed), the confusion matrices, fold names and test counts."""
        out = {}
        for name, p in self.protocols.items():
            folds = p.fold_accuracy("liquid")
            speakers = p.speaker_accuracy("liquid")
            entry = {
                "liquid": {**spread(p.accuracy("liquid")),
                           "per_fold": {f: spread(folds[:, j]) for j, f in enumerate(p.folds)},
                           "per_speaker": {s: spread(v) for s, v in speakers.items()}},
            }
            for which in ("control", "mfcc"):
                acc = p.accuracy(which)
                entry[which] = None if acc is None else {
                    "mean": acc,
                    "per_fold": dict(zip(p.folds, p.fold_accuracy(which).tolist())),
                    "per_speaker": p.speaker_accuracy(which)}
            control = p.accuracy("control")
            entry["difference"] = None if control is None else spread(
                p.accuracy("liquid") - control)
            entry["folds"] = list(p.folds)
            entry["n_test"] = [int(t.size) for t in p.test]
            entry["n_train"] = list(p.n_train)
            matrices = {w: p.confusion(w) for w in ("liquid", "control", "mfcc")}
            entry["confusion"] = {"labels": self.classes.tolist(),
                                  **{w: None if m is None else m.tolist()
                                     for w, m in matrices.items()}}
            entry["penalties"] = {k: None if v is None else np.asarray(v).tolist()
                                  for k, v in p.penalties.items()}
            out[name] = entry
        return out

    def table(self) -> list[str]:
        """The results table (liquid, control, MFCC per protocol) as text lines, in %."""
        def pct(x):
            return f"{100 * x:.1f}"

        n = len(self.seeds)
        lines = [f"  {'protocol':<22}{'liquid (mean +- SD)':<22}{'control (no liquid)':<22}"
                 f"{'MFCC + logistic':<18}"]
        for name, p in self.protocols.items():
            lq = p.accuracy("liquid")
            label = (f"{name} ({len(p.folds)} folds)" if len(p.folds) > 1
                     else f"{name} ({p.n_test} test)")
            cells = [f"{pct(lq.mean())} +- {pct(lq.std())}"]
            for which in ("control", "mfcc"):
                acc = p.accuracy(which)
                cells.append("-" if acc is None else pct(acc))
            lines.append(f"  {label:<22}{cells[0]:<22}{cells[1]:<22}{cells[2]:<18}")
        lines.append(f"  (test accuracy in %; liquid: mean +- SD over {n} liquid "
                     f"seed{'s' if n > 1 else ''})")
        for name, p in self.protocols.items():
            lq = p.accuracy("liquid")
            lines.append(f"  {name}: liquid per seed " + " ".join(pct(v) for v in lq))
            speakers = p.speaker_accuracy("liquid")
            if speakers:
                what = "per speaker (fold)" if name == "loso" else "per speaker"
                lines.append(f"  {name} {what}, liquid / control / MFCC:")
                ctl, mf = p.speaker_accuracy("control"), p.speaker_accuracy("mfcc")
                for s, v in speakers.items():
                    lines.append(f"    {s:<14}{pct(v.mean()):>6} +- {pct(v.std()):<5}"
                                 f"{'-' if ctl is None else pct(ctl[s]):>7}"
                                 f"{'-' if mf is None else pct(mf[s]):>7}")
        return lines

    def stage_lines(self) -> list[str]:
        """Time per stage as text lines."""
        t = self.timings
        n = len(self.seeds)

        def per_seed(key):
            v = np.asarray(t.get(key, [0.0]), dtype=float)
            return f"{v.sum():.1f} s" + (f" ({' + '.join(f'{x:.1f}' for x in v)})"
                                         if n > 1 else "")

        cached = ("loaded from the cache" if self.cache_hit else
                  f"front end {t.get('front_end_s', 0.0):.1f} s, encoding "
                  f"{t.get('encode_s', 0.0):.1f} s")
        return [
            "time per stage (wall clock, s):",
            f"  loading {t.get('load_s', 0.0):.1f} s; {cached}; warm-up (first kernel calls) "
            f"{t.get('warmup_s', 0.0):.1f} s",
            f"  liquid, over {n} seed{'s' if n > 1 else ''}: build {per_seed('build_s')}, "
            f"simulation {per_seed('simulate_s')}, states {per_seed('states_s')}, "
            f"readout (train + test) {per_seed('readout_s')}",
            f"  control {t.get('control_s', 0.0):.1f} s, MFCC baseline "
            f"{t.get('mfcc_s', 0.0):.1f} s; all {self.seconds:.1f} s",
        ]


# ============================================================================ checks
def _bins(value) -> tuple[int, ...]:
    """``n_bins``: one count of bins or several different ones, as a tuple."""
    values = [value] if isinstance(value, (int, np.integer, bool, np.bool_)) else value
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray)) \
            or len(values) == 0:
        raise TypeError(f"n_bins must be a positive int or a non-empty sequence of them, got "
                        f"{value!r}")
    out = tuple(positive_int(v, "n_bins") for v in values)
    if len(set(out)) != len(out):
        raise ValueError(f"n_bins must not repeat a number of bins, got {list(out)}")
    return out


def _check_protocols(dataset: SpeechDataset, protocols) -> dict:
    """``{name: [(fold, train, test), ...]}`` validated, indices as int64 arrays."""
    if not isinstance(protocols, Mapping) or not protocols:
        raise TypeError("protocols must be a non-empty dict: name -> list of (fold name, "
                        "train indices, test indices)")
    out = {}
    for name, folds in protocols.items():
        if not isinstance(name, str) or not name:
            raise TypeError(f"protocols: names must be non-empty strings, got {name!r}")
        if isinstance(folds, (str, bytes)) or not isinstance(folds, Sequence) or not folds:
            raise TypeError(f"protocols[{name!r}] must be a non-empty list of (fold name, "
                            "train indices, test indices)")
        checked = []
        for k, fold in enumerate(folds):
            if not isinstance(fold, (tuple, list)) or len(fold) != 3:
                raise TypeError(f"protocols[{name!r}][{k}] must be (fold name, train "
                                f"indices, test indices), got {type(fold).__name__}")
            fold_name, train, test = fold
            try:
                check_split(dataset.labels, train, test)
            except (ValueError, TypeError, IndexError) as e:
                raise type(e)(f"protocol {name!r}, fold {fold_name!r}: {e}") from None
            # checked above, so this only converts (masks and negative indices to int64)
            train = _indices(train, len(dataset), "train")
            test = _indices(test, len(dataset), "test")
            seen = np.unique(dataset.labels[train])
            if seen.size < 2:
                # the readouts need two classes; refused here, not after the simulation
                raise ValueError(f"protocol {name!r}, fold {fold_name!r}: the training set "
                                 f"holds one label ({str(seen[0])!r}); a classifier needs at "
                                 "least 2")
            checked.append((str(fold_name), train, test))
        out[name] = checked
    return out


# ============================================================================ stages
def _encoder_params(encoder: str, n_levels: int, bsa_threshold: float,
                    delta_threshold: float, dt_frame: float) -> dict:
    """The keywords of the encoder function (only those it uses, so that the cache key of
    one encoder does not change with another's parameters)."""
    if encoder == "levels":
        return {"n_levels": n_levels, "dt": dt_frame}
    if encoder == "bsa":
        return {"threshold": bsa_threshold, "dt": dt_frame}
    return {"threshold": delta_threshold, "dt": dt_frame}


_ENCODE = {"levels": threshold_levels, "bsa": bsa, "delta": delta}


def _encode(signals, front_end: AuditoryFrontEnd, encoder: str, params: dict,
            timings: dict, progress: bool) -> SpikeTrains:
    """Front end and encoder over ``signals`` in chunks; adds to the two timings."""
    function = _ENCODE[encoder]
    # The first calls load (or compile) the numba kernels: timed apart, on a short signal.
    t0 = time.perf_counter()
    warm = np.sin(np.arange(int(0.05 * front_end.sample_rate_)) * 0.3)
    function(front_end.transform([warm]), **params)
    timings["warmup_s"] = timings.get("warmup_s", 0.0) + time.perf_counter() - t0
    parts = []
    with progress_bar(progress, len(signals), "front end + encoding", "rec") as bar:
        for start in range(0, len(signals), _CHUNK):
            chunk = signals[start:start + _CHUNK]
            t0 = time.perf_counter()
            coch = front_end.transform(chunk)
            t1 = time.perf_counter()
            parts.append(function(coch, **params))
            t2 = time.perf_counter()
            timings["front_end_s"] += t1 - t0
            timings["encode_s"] += t2 - t1
            bar.update(len(chunk))
    return SpikeTrains.concatenate(parts)


def _cached(directory, key: str, load, compute, save, what: str):
    """``(value, hit)``: the entry ``key`` of ``directory``, or ``compute()`` stored there
    (a failed write is a warning: the run goes on without caching)."""
    if directory is None:
        return compute(), False
    value = load(directory, key)
    if value is not None:
        return value, True
    value = compute()
    try:
        save(directory, key, value)
    except OSError as e:
        warn(f"could not cache the {what} in {str(directory)!r} ({e}); the run goes on "
             "without caching them")
    return value, False


def _extractor(state: str, tau: tuple, bins: tuple) -> StateExtractor:
    """The state of each recording in ``b`` equal bins for each ``b`` in ``bins`` (a
    pyramid: flattened and side by side): ``"counts"``, the square root of each channel's
    spike count per bin; ``"filtered"``, the spikes filtered with each ``tau`` at the ends
    of the bins."""
    if state == "counts":
        return StateExtractor(kind="counts", n_bins=bins, scale="sqrt")
    return StateExtractor(kind="exponential", tau=tau, n_bins=bins)


def _bin_means(frames: np.ndarray, n_bins: int) -> np.ndarray:
    """Means of ``frames`` (n_frames, n_features) over ``n_bins`` equal spans (each at least
    one frame), flattened bin-major."""
    n = frames.shape[0]
    edges = np.linspace(0.0, n, n_bins + 1)
    out = np.empty((n_bins, frames.shape[1]))
    for j in range(n_bins):
        lo = min(int(np.floor(edges[j])), n - 1)
        hi = max(int(np.ceil(edges[j + 1])), lo + 1)
        out[j] = frames[lo:hi].mean(axis=0)
    return out.ravel()


def _librosa_version() -> str | None:
    try:
        import librosa
    except ImportError:
        return None
    return librosa.__version__


def _mfcc_frames(dataset: SpeechDataset, n_mfcc: int,
                 trim_db: float | None) -> list[np.ndarray]:
    """MFCC frames ``(n_frames, n_mfcc)`` of every recording (librosa), trimmed as the front
    end trims them (``trim_db``)."""
    try:
        import librosa
    except ImportError:
        raise ImportError("the MFCC baseline needs librosa: pip install 'liquidstate[audio]' "
                          "(or pass mfcc=False)") from None
    sr = dataset.sample_rate
    win = max(int(round(MFCC_WINDOW * sr)), 2)
    hop = max(int(round(MFCC_HOP * sr)), 1)
    n_fft = 1 << int(np.ceil(np.log2(win)))
    out = []
    for x in dataset.signals:
        if trim_db is not None:
            x = trim_silence(x, sr, top_db=trim_db)
        m = librosa.feature.mfcc(y=np.asarray(x, dtype=np.float32), sr=sr, n_mfcc=n_mfcc,
                                 n_fft=n_fft, hop_length=hop, win_length=win,
                                 n_mels=MFCC_MELS)
        out.append(np.ascontiguousarray(m.T, dtype=np.float64))
    return out


def _readout(kind: str, alphas: tuple, cs: tuple, cv_folds: int, y: np.ndarray):
    if kind == "ridge":
        return RidgeClassifierReadout(alphas=alphas, standardize=True)
    from sklearn.model_selection import StratifiedKFold

    smallest = int(np.unique(y, return_counts=True)[1].min())
    folds = StratifiedKFold(n_splits=max(2, min(cv_folds, smallest)), shuffle=True,
                            random_state=0)
    return make_pipeline(StandardScaler(), logistic_readout(Cs=list(cs), cv=folds))


def _penalty(model) -> float:
    last = model[-1] if hasattr(model, "steps") else model
    if hasattr(last, "alpha_"):
        return float(last.alpha_)
    return float(np.atleast_1d(last.C_)[0])


def _evaluate(X: np.ndarray, labels: np.ndarray, protocols: dict, kind: str, alphas, cs,
              cv_folds: int, progress: bool = False, desc: str = "readouts",
              n_jobs: int | None = None) -> dict:
    """``{protocol: [(predictions, penalty) per fold]}`` of a readout fitted per fold.

    The folds are independent, so they run in ``n_jobs`` threads (default: the cores; the
    BLAS routines release the GIL), each on one BLAS thread: a multithreaded BLAS on busy
    cores makes these fits many times slower, and one fold per core is as fast on idle
    ones. Results do not depend on the number of threads.
    """
    from concurrent.futures import ThreadPoolExecutor

    from threadpoolctl import threadpool_limits

    jobs = [(name, j, train, test) for name, folds in protocols.items()
            for j, (_, train, test) in enumerate(folds)]
    n_jobs = max(1, min(len(jobs), n_jobs or os.cpu_count() or 1))

    def fit(job):
        _, _, train, test = job
        model = _readout(kind, alphas, cs, cv_folds, labels[train])
        model.fit(X[train], labels[train])
        return np.asarray(model.predict(X[test])).astype(str), _penalty(model)

    out = {name: [None] * len(folds) for name, folds in protocols.items()}
    with progress_bar(progress, len(jobs), desc, "fold") as bar, threadpool_limits(1), \
            ThreadPoolExecutor(n_jobs) as pool:
        for (name, j, _, _), result in zip(jobs, pool.map(fit, jobs)):
            out[name][j] = result
            bar.update(1)
    return out


# ============================================================================ the experiment
def run_speech(dataset: SpeechDataset, protocols: Mapping, *,
               # ---- front end
               filterbank: str = "gammatone", n_bands: int = 32, f_min: float = 100.0,
               f_max: float | None = None, compression: str | None = "cuberoot",
               normalise: str | None = "utterance", dt_frame: float = 1e-3,
               trim_db: float | None = 20.0,
               # ---- encoder
               encoder: str = "delta", n_levels: int = 8, bsa_threshold: float = 0.95,
               delta_threshold: float = 0.05, tail: float = 0.05,
               # ---- liquid
               network: Maass2002 | None = None, seeds=(0, 1, 2), dt: float = 5e-4,
               n_threads: int | None = None,
               # ---- states
               state: str = "counts", tau=(0.03,), n_bins=(1, 2, 4),
               # ---- readout
               readout: str = "ridge",
               alphas=DEFAULT_ALPHAS,
               logistic_cs=(0.001, 0.01, 0.1, 1.0, 10.0, 100.0),
               cv_folds: int = 5,
               # ---- baselines
               control: bool = True, mfcc: bool = True, n_mfcc: int = 13,
               # ---- cache
               cache: bool = True, cache_dir: str | None = None,
               progress: bool = False) -> SpeechResult:
    """Classify recordings from the state of a liquid, beside the control and MFCCs.

    See the module docstring for the pipeline. Every default is here (and the liquid's in
    ``DEFAULT_NETWORK``).

    Parameters
    ----------
    dataset : SpeechDataset
        The recordings (e.g. :func:`~liquidstate.datasets.fsdd`,
        :func:`~liquidstate.datasets.audio_folder`).
    protocols : dict of str -> list of (str, indices, indices)
        Evaluation protocols: per name, the folds ``(fold name, train, test)`` with integer
        indices (or boolean masks) into ``dataset``, e.g. ``{"standard": [("standard",
        *dataset.standard_split())], "loso": dataset.loso_splits()}``. Every fold is checked
        (:func:`~liquidstate.datasets.check_split`) before any work.
    filterbank : {"gammatone", "mel"}
        Front end: the cochlear filterbank.
    n_bands : int
        Front end: number of frequency bands.
    f_min, f_max : float
        Front end: lowest and highest band centre (gammatone) or edge (mel), Hz; ``f_max``
        None: 0.45 times the sample rate.
    compression : {"log", "cuberoot", "none"}
        Front end: amplitude compression of the band envelopes. The cube root (default)
        keeps quiet sounds and noise low where the log (60 dB range) lifts them, which
        helps across speakers.
    normalise : {"utterance", "none"}
        Front end: one gain per recording (its 99th percentile maps to 1), or none.
    dt_frame : float
        Front end: duration of one cochleagram row, s (also the encoder's time step).
    trim_db : float or None
        Front end: cut each recording's leading and trailing silence, the frames more than
        ``trim_db`` dB below its loudest (:func:`~liquidstate.encoders.trim_silence`), before
        the filterbank and the MFCCs; None keeps the whole recordings. The bins of the states
        scale with a recording's duration, so a word should fill its recording (on FSDD one
        speaker's recordings keep room noise at each end).
    encoder : {"levels", "bsa", "delta"}
        Spike code of the band envelopes: level crossing with ``n_levels`` levels per band
        (an up and a down channel per level), Ben's Spiker Algorithm with threshold
        ``bsa_threshold`` (one channel per band), or send-on-delta with step
        ``delta_threshold`` (an up and a down channel per band; envelopes are in [0, 1]).
    n_levels : int
        Encoder "levels": levels per band.
    bsa_threshold : float
        Encoder "bsa": the BSA threshold (fraction of the filter's mass).
    delta_threshold : float
        Encoder "delta": the step of the reference level (envelope units, in [0, 1]).
    tail : float
        Silence appended to every encoded recording (:meth:`~liquidstate.SpikeTrains.pad`),
        s, so the liquid can respond to its end; part of the states' last bin (and of the
        control's).
    network : Maass2002, optional
        The liquid (default ``Maass2002(**DEFAULT_NETWORK)``: 10 x 10 x 10 neurons, input
        fraction 0.05); its number of inputs is the number of encoded channels.
    seeds : sequence of int
        Liquid seeds: one network and initial state per seed; the figures are mean and SD
        over them.
    dt : float
        Simulation step, s.
    n_threads : int, optional
        Simulation threads, and readout folds fitted at once (default: all cores).
    state : {"counts", "filtered"}
        The state of a recording, liquid and control alike, from ``n_bins`` equal bins of it
        (with its tail; bins scale with the recording's duration): ``"counts"``, the square
        root of each neuron's spike count in each bin (``StateExtractor(kind="counts",
        n_bins=n_bins, scale="sqrt")``; the square root evens out the variance of counts);
        ``"filtered"``, the spikes filtered with each ``tau`` and sampled at the ends of the
        bins (``StateExtractor(tau=tau, n_bins=n_bins)``). Features: ``sum(n_bins) *
        n_neurons``, or ``sum(n_bins) * len(tau) * n_neurons``.
    tau : float or sequence of float
        State "filtered": time constant(s) of the exponential filter, s; several give a
        multi-timescale state (features concatenated).
    n_bins : int or sequence of int
        Number of equal bins of each recording; several numbers make a temporal pyramid,
        the states over each binning side by side (the control's and the MFCC baseline's
        too). The default, the whole recording, its halves and its quarters, was chosen on
        FSDD on validation splits inside the standard training set.
    readout : {"ridge", "logistic"}
        Ridge classifier with the penalty chosen among ``alphas`` by exact leave-one-out on
        the training set, or logistic regression with ``C`` chosen among ``logistic_cs`` by
        ``cv_folds``-fold stratified cross-validation inside the training set. Features are
        standardised with the training set's mean and SD.
    alphas : sequence of float
        Ridge penalties searched (default :data:`~liquidstate.readouts.DEFAULT_ALPHAS`).
    logistic_cs : sequence of float
        Inverse penalties ``C`` searched by the logistic regressions (the readout with
        ``readout="logistic"`` and the MFCC baseline); default 1e-3 to 1e2, 6 values.
    cv_folds : int
        Cross-validation folds of the logistic regressions (at most the smallest class).
    control : bool
        Evaluate the control: the same states and readout on the encoded input spikes.
    mfcc : bool
        Evaluate the MFCC baseline: ``n_mfcc`` coefficients averaged over the same
        bins, logistic regression.
    n_mfcc : int
        MFCC coefficients per frame.
    cache : bool
        Keep the encoded inputs (and MFCC features) in an on-disk cache and reuse them.
    cache_dir : str, optional
        The cache folder (default ``user_cache_dir()/encoded``: ``~/.cache/liquidstate/
        encoded`` or under ``$XDG_CACHE_HOME``).
    progress : bool
        Progress bars (tqdm): front end and encoding, the readouts' folds, liquid seeds,
        simulation.

    Returns
    -------
    SpeechResult

    Raises
    ------
    ValueError, TypeError
        For a bad parameter (naming it) or a fold that cannot be evaluated (a test label
        absent from its training set, empty sets, shared recordings), before any work.
    ImportError
        Without librosa for the MFCC baseline (``mfcc=False`` skips it) or tqdm for
        ``progress=True``.
    """
    start = time.perf_counter()
    if not isinstance(dataset, SpeechDataset):
        raise TypeError(f"dataset must be a SpeechDataset, got {type(dataset).__name__}")
    folds = _check_protocols(dataset, protocols)
    compression = choice(compression, "compression", ("log", "cuberoot"), none=True)
    normalise = choice(normalise, "normalise", ("utterance",), none=True)
    encoder = choice(encoder, "encoder", ENCODERS)
    readout = choice(readout, "readout", READOUTS)
    dt_frame = positive_seconds(dt_frame, "dt_frame")
    trim_db = None if trim_db in _CHOICE_NONE else positive_float(trim_db, "trim_db", "dB")
    tail = nonnegative_seconds(tail, "tail")
    dt = positive_seconds(dt, "dt")
    n_levels = integer(n_levels, "n_levels", minimum=1)
    bins = _bins(n_bins)
    state = choice(state, "state", STATES)
    n_mfcc = integer(n_mfcc, "n_mfcc", minimum=1)
    cv_folds = integer(cv_folds, "cv_folds", minimum=2)
    bsa_threshold = real(bsa_threshold, "bsa_threshold")
    delta_threshold = positive_float(delta_threshold, "delta_threshold")
    taus = tuple(float(t) for t in check_taus(tau)[0])
    alphas = positive_floats(alphas, "alphas")
    logistic_cs = positive_floats(logistic_cs, "logistic_cs")
    seeds = tuple(check_seed(s, "seeds") for s in np.atleast_1d(seeds).tolist())
    if not seeds or len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must hold at least one liquid seed, all different, got "
                         f"{seeds}")
    spec = check_spec(network, default=DEFAULT_NETWORK)
    # Building the front end checks its parameters (naming them) before any work.
    front_end = AuditoryFrontEnd(sample_rate=dataset.sample_rate, n_bands=n_bands,
                                 f_min=f_min, f_max=f_max, dt=dt_frame,
                                 filterbank=filterbank, compression=compression,
                                 normalise=normalise, trim_db=trim_db).fit()
    enc_params = _encoder_params(encoder, n_levels, bsa_threshold, delta_threshold, dt_frame)
    directory = None
    if cache:
        directory = os.path.join(user_cache_dir(), "encoded") if cache_dir is None \
            else os.fspath(cache_dir)

    from .. import __version__

    labels = dataset.labels
    classes = dataset.classes
    timings = {"front_end_s": 0.0, "encode_s": 0.0, "warmup_s": 0.0}

    # ---- front end and encoding (cached)
    key_params = {"what": "liquidstate.experiments.speech: encoded inputs",
                  "liquidstate": __version__, "revision": ENCODED_REVISION,
                  "front_end": front_end.get_params(),
                  "encoder": encoder, "encoder_params": enc_params}
    key = cache_key(key_params, data=dataset)
    encoded, hit = _cached(
        directory, key, load_spikes,
        lambda: _encode(dataset.signals, front_end, encoder, enc_params, timings, progress),
        lambda d, k, v: save_spikes(d, k, v, key_params), "encoded inputs")
    inputs = encoded.pad(after=tail)
    extractor = _extractor(state, taus, bins)
    total_time = float(inputs.durations.sum())
    input_rate = inputs.n_events / (inputs.n_channels * total_time)

    # ---- control: the same states and readout on the input spikes
    control_out = None
    if control:
        t0 = time.perf_counter()
        X = InputTransformer(extractor=extractor).fit(inputs).transform(inputs)
        control_out = _evaluate(X, labels, folds, readout,
                                alphas, logistic_cs, cv_folds, progress, "control readouts",
                                n_jobs=n_threads)
        timings["control_s"] = time.perf_counter() - t0

    # ---- MFCC baseline (features cached)
    mfcc_out = None
    if mfcc:
        t0 = time.perf_counter()
        mfcc_params = {"what": "liquidstate.experiments.speech: MFCC frames",
                       "liquidstate": __version__, "revision": ENCODED_REVISION,
                       "librosa": _librosa_version(), "n_mfcc": n_mfcc, "window": MFCC_WINDOW,
                       "hop": MFCC_HOP, "n_mels": MFCC_MELS, "trim_db": trim_db}
        frames, _ = _cached(directory, cache_key(mfcc_params, data=dataset), load_arrays,
                            lambda: _mfcc_frames(dataset, n_mfcc, trim_db),
                            lambda d, k, v: save_arrays(d, k, v, mfcc_params), "MFCC frames")
        F = np.stack([np.concatenate([_bin_means(f, b) for b in bins]) for f in frames])
        mfcc_out = _evaluate(F, labels, folds, "logistic", alphas, logistic_cs, cv_folds,
                             progress, "MFCC readouts", n_jobs=n_threads)
        timings["mfcc_s"] = time.perf_counter() - t0

    # ---- the liquid, one network per seed
    for key_ in ("build_s", "simulate_s", "states_s", "readout_s"):
        timings[key_] = []
    liquid_out, rates, n_neurons = [], [], 0
    with progress_bar(progress, len(seeds), "liquid seeds", "seed") as bar:
        for k, seed in enumerate(seeds):
            t0 = time.perf_counter()
            liquid = LiquidTransformer(network=spec, extractor=extractor, dt=dt,
                                       random_state=seed, n_threads=n_threads,
                                       progress=progress).fit(inputs)
            n_neurons = liquid.network_.n_neurons
            t1 = time.perf_counter()
            if k == 0:
                # first call of the simulation kernels (loaded or compiled), timed apart
                shortest = int(np.argmin(inputs.durations))
                liquid.set_params(progress=False).recording(inputs.select([shortest]))
                liquid.set_params(progress=progress)
                timings["warmup_s"] += time.perf_counter() - t1
                t1 = time.perf_counter()
            # the recording and its states (what transform computes), to count the spikes
            rec = liquid.recording(inputs)
            t2 = time.perf_counter()
            rates.append(rec.spikes.n_events / (n_neurons * total_time))
            X = liquid.extractor_(rec)
            del rec
            t3 = time.perf_counter()
            liquid_out.append(_evaluate(X, labels, folds, readout, alphas, logistic_cs,
                                        cv_folds, progress, f"liquid {seed} readouts",
                                        n_jobs=n_threads))
            del X
            t4 = time.perf_counter()
            for name, value in (("build_s", t1 - t0), ("simulate_s", t2 - t1),
                                ("states_s", t3 - t2), ("readout_s", t4 - t3)):
                timings[name].append(value)
            bar.update(1)

    # ---- assemble
    results = {}
    for name, fs in folds.items():
        n_folds = len(fs)
        results[name] = ProtocolResult(
            name=name, folds=tuple(f for f, _, _ in fs), test=tuple(t for _, _, t in fs),
            n_train=tuple(int(tr.size) for _, tr, _ in fs),
            labels=tuple(labels[t] for _, _, t in fs),
            speakers=None if dataset.speakers is None else tuple(
                dataset.speakers[t] for _, _, t in fs),
            liquid=tuple(np.stack([out[name][j][0] for out in liquid_out])
                         for j in range(n_folds)),
            control=None if control_out is None else tuple(
                p for p, _ in control_out[name]),
            mfcc=None if mfcc_out is None else tuple(p for p, _ in mfcc_out[name]),
            penalties={
                "liquid": np.array([[out[name][j][1] for j in range(n_folds)]
                                    for out in liquid_out]),
                "control": None if control_out is None else np.array(
                    [a for _, a in control_out[name]]),
                "mfcc": None if mfcc_out is None else np.array(
                    [c for _, c in mfcc_out[name]])},
            classes=classes)
    parameters = {
        "filterbank": filterbank, "n_bands": n_bands, "f_min": f_min, "f_max": f_max,
        "compression": compression, "normalise": normalise, "dt_frame": dt_frame,
        "trim_db": trim_db, "encoder": encoder, "encoder_params": enc_params, "tail": tail,
        "network": {k: (list(v) if isinstance(v, tuple) else v)
                    for k, v in spec.get_params().items()},
        "seeds": list(seeds), "dt": dt, "state": state, "tau": list(taus),
        "n_bins": list(bins),
        "readout": readout, "alphas": list(alphas), "logistic_cs": list(logistic_cs),
        "cv_folds": cv_folds, "control": bool(control), "mfcc": bool(mfcc), "n_mfcc": n_mfcc,
        "cache_dir": directory}
    return SpeechResult(
        protocols=results, classes=classes, seeds=seeds, rates=np.array(rates),
        input_rate=float(input_rate), n_neurons=int(n_neurons),
        n_inputs=int(inputs.n_channels), n_recordings=len(dataset),
        skipped=tuple(dataset.skipped), cache_hit=bool(hit),
        cache_path=None if directory is None else os.path.join(directory, key + ".npz"),
        timings=timings, seconds=time.perf_counter() - start, parameters=parameters)


# ============================================================================ wrappers
def _options_of_run_speech(function):
    """Give ``function`` (which passes ``**options`` on to :func:`run_speech`) its full
    signature, its own parameters followed by run_speech's keywords, so that ``help()``,
    ``inspect.signature`` and the config schemas see every option and its default."""
    own = inspect.signature(function)
    params = [p for p in own.parameters.values() if p.kind is not p.VAR_KEYWORD]
    names = {p.name for p in params}
    params += [p for p in inspect.signature(run_speech).parameters.values()
               if p.kind is p.KEYWORD_ONLY and p.name not in names]
    function.__signature__ = own.replace(parameters=params)
    return function


def _check_options(function: str, options: dict) -> None:
    """Refuse a keyword that run_speech does not take, before any data is read."""
    known = {name for name, p in inspect.signature(run_speech).parameters.items()
             if p.kind is p.KEYWORD_ONLY}
    unknown = sorted(set(options) - known)
    if unknown:
        raise TypeError(f"{function}() got an unexpected keyword argument {unknown[0]!r}")


def _finish(result: SpeechResult, load_s: float, start: float, extra: dict) -> SpeechResult:
    return replace(result, timings={"load_s": load_s, **result.timings},
                   seconds=time.perf_counter() - start,
                   parameters={**extra, **result.parameters})


@_options_of_run_speech
def run_fsdd(path=None, *, protocols=FSDD_PROTOCOLS, **options) -> SpeechResult:
    """The Free Spoken Digit Dataset with its standard split and leave-one-speaker-out.

    Parameters
    ----------
    path : str or path-like, optional
        FSDD's folder (or its ``recordings`` folder); None: ``$LIQUIDSTATE_FSDD``, else the
        user cache, downloaded there on first use (see :func:`~liquidstate.datasets.fsdd`).
    protocols : sequence of {"standard", "loso"}
        ``"standard"``: test on recordings 0-4 of every speaker and digit (300), train on
        the rest (2,700); ``"loso"``: leave one speaker out, 6 folds of 2,500 / 500.
    **options
        Every keyword of :func:`run_speech` (front end, encoder, liquid, states, readout,
        baselines, cache, progress) with its defaults.

    Returns
    -------
    SpeechResult
        Protocols ``"standard"`` (one fold) and ``"loso"`` (one fold per speaker). Files
        that could not be read are skipped and listed in ``skipped``.
    """
    from ..datasets.fsdd import fsdd

    start = time.perf_counter()
    _check_options("run_fsdd", options)
    chosen = (protocols,) if isinstance(protocols, str) else tuple(protocols)
    bad = [p for p in chosen if p not in FSDD_PROTOCOLS]
    if not chosen or bad or len(set(chosen)) != len(chosen):
        raise ValueError(f"protocols must name some of {FSDD_PROTOCOLS}, each once, got "
                         f"{protocols!r}")
    dataset = fsdd(path, on_error="skip")
    load_s = time.perf_counter() - start
    splits = {}
    for p in chosen:
        splits[p] = ([("standard", *dataset.standard_split())] if p == "standard"
                     else dataset.loso_splits())
    result = run_speech(dataset, splits, **options)
    return _finish(result, load_s, start, {"data": None if path is None else os.fspath(path),
                                          "protocols": list(chosen)})


@_options_of_run_speech
def run_speech_folder(path=None, *, test_speakers=None, test_fraction=None,
                      split_seed: int = 0, **options) -> SpeechResult:
    """A folder of labelled recordings, tested on chosen speakers or a random fraction.

    The folder is read with :func:`~liquidstate.datasets.audio_folder` (labels from the
    file-name prefix ``{label}_{speaker}_{index}.wav`` or from one sub-folder per label) and
    ``on_error="skip"``: unreadable, empty or unlabelled files are skipped with a warning
    and listed in the result's ``skipped``; stereo files are mixed down, other rates
    resampled to the most common one.

    Parameters
    ----------
    path : str or path-like
        The folder (required; None is an error that says so).
    test_speakers : str or sequence of str, optional
        Test on these speakers' recordings, train on the others (an unknown speaker, or a
        test label no training speaker says, is an error naming it).
    test_fraction : float, optional
        Test on a random fraction of each label's recordings (stratified; every label keeps
        at least one training recording). Default 0.2 (``DEFAULT_TEST_FRACTION``) when
        ``test_speakers`` is not given; giving both is an error.
    split_seed : int
        Seed of the random ``test_fraction`` split.
    **options
        Every keyword of :func:`run_speech` with its defaults.

    Returns
    -------
    SpeechResult
        One protocol, ``"test"``, with one fold.
    """
    start = time.perf_counter()
    _check_options("run_speech_folder", options)
    if path is None:
        raise ValueError("path: the speech task needs the folder of recordings (--data DIR, "
                         "or path = '...' in the config)")
    if test_speakers is not None and test_fraction is not None:
        raise ValueError("test_speakers and test_fraction: give one of them, not both")
    if isinstance(test_speakers, str):
        test_speakers = [s for s in test_speakers.split(",") if s]
    split_seed = check_seed(split_seed, "split_seed")
    dataset = audio_folder(path, on_error="skip")
    load_s = time.perf_counter() - start
    if test_speakers is not None:
        train, test = dataset.speaker_split(list(test_speakers))
        fold = ",".join(str(s) for s in test_speakers)
    else:
        fraction = DEFAULT_TEST_FRACTION if test_fraction is None else test_fraction
        train, test = dataset.fraction_split(fraction, seed=split_seed)
        fold = f"fraction {fraction:g}"
    result = run_speech(dataset, {"test": [(fold, train, test)]}, **options)
    return _finish(result, load_s, start, {
        "data": os.fspath(path),
        "test_speakers": None if test_speakers is None else list(test_speakers),
        "test_fraction": None if test_speakers is not None else (
            DEFAULT_TEST_FRACTION if test_fraction is None else float(test_fraction)),
        "split_seed": split_seed})
