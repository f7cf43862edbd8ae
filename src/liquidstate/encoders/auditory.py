"""Auditory front end: audio signals to band envelopes in [0, 1] (a cochleagram).

The chain, per utterance (a 1-D signal of ``sample_rate`` Hz):

0. optional trimming of leading and trailing silence (:func:`trim_silence`, ``trim_db``);
1. optional resampling to ``resample_to`` Hz (:func:`scipy.signal.resample_poly`);
2. a filterbank of ``n_bands`` bands, either

   - ``"gammatone"``: 4th-order gammatone filters (Patterson-Holdsworth, as designed by
     :func:`scipy.signal.gammatone`) centred on :func:`erb_space` frequencies, each run as a
     cascade of second-order sections, then half-wave rectification (the inner hair cells),
     a low-pass smoothing of the envelope and averaging into rows of ``dt`` seconds; or
   - ``"mel"``: the short-time power spectrum through librosa's mel filters, one frame every
     ``dt`` seconds, then a square root (so both paths give an amplitude);

3. per-utterance gain normalisation (one gain per utterance, so loudness does not matter);
4. compression (logarithmic or cube root).

:func:`cochleagram` does this for one signal; :class:`AuditoryFrontEnd` is the same as a
scikit-learn transformer for a list of signals. Their output, a list of arrays ``(n_steps_i,
n_bands)`` with rows of ``dt`` seconds and values in [0, 1], is the input of the spike
encoders (:class:`~liquidstate.encoders.BSAEncoder`,
:class:`~liquidstate.encoders.DeltaEncoder`,
:class:`~liquidstate.encoders.ThresholdLevelsEncoder`, ...).

The gammatone path needs only SciPy; the mel path and trimming need librosa (``pip install
'liquidstate[audio]'``), imported on first use.

References
----------
B. R. Glasberg and B. C. J. Moore, "Derivation of auditory filter shapes from notched-noise
data", Hearing Research 47, 103-138 (1990).
M. Slaney, "An efficient implementation of the Patterson-Holdsworth auditory filter bank",
Apple Computer Technical Report 35 (1993).
D. Verstraeten, B. Schrauwen, D. Stroobandt and J. Van Campenhout, "Isolated word recognition
with the Liquid State Machine: a case study", Information Processing Letters 95, 521-528
(2005).
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numba
import numpy as np
from scipy import signal as sps
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from .._validation import choice, positive_float, positive_int
from ._common import check_positive, check_real

__all__ = ["erb", "erb_space", "gammatone_sos", "cochleagram", "AuditoryFrontEnd",
           "trim_silence"]

FILTERBANKS = ("gammatone", "mel")
COMPRESSIONS = ("log", "cuberoot", None)
NORMALISATIONS = ("utterance", None)

# Glasberg & Moore (1990): ERB(f) = 24.7 (4.37 f / 1000 + 1) Hz and the ERB-rate (number of
# ERBs below f) E(f) = 21.4 log10(4.37 f / 1000 + 1); 21.4 = 1 / (24.7 * 4.37e-3 * ln 10).
_ERB_SLOPE = 4.37e-3   # 1/Hz
_ERB_RATE = 21.4       # ERBs per decade of (4.37 f / 1000 + 1)

# Default upper band as a fraction of the (working) sample rate: below Nyquist (0.5) with
# room for the upper skirt of the top gammatone filter.
F_MAX_FRACTION = 0.45

# Relative tolerance for "is this a whole number of samples" (rows per signal, hop).
_TOL = 1e-9


# =============================================================================== ERB scale
def erb(f) -> np.ndarray:
    """Equivalent rectangular bandwidth of the auditory filter at ``f`` Hz, in Hz.

    ``ERB(f) = 24.7 (4.37 f / 1000 + 1)`` (Glasberg & Moore 1990); e.g. 132.6 Hz at 1 kHz.
    """
    return 24.7 * (_ERB_SLOPE * np.asarray(f, dtype=np.float64) + 1.0)


def erb_space(f_min: float, f_max: float, n_bands: int) -> np.ndarray:
    """Centre frequencies equally spaced on the ERB-rate scale, in Hz, ascending.

    The ERB-rate (Glasberg & Moore 1990), the number of equivalent rectangular bandwidths
    below ``f`` Hz, is

        E(f) = 21.4 log10(4.37 f / 1000 + 1)

    and the bands sit at ``f_k = E^-1(E(f_min) + k (E(f_max) - E(f_min)) / (n_bands - 1))``
    for ``k = 0 .. n_bands - 1``, so the first is ``f_min`` and the last ``f_max`` (one band:
    ``f_min``). Equal ERB-rate steps make neighbouring filters overlap equally along the
    cochlea: dense at low frequencies, sparse at high ones.

    Parameters
    ----------
    f_min, f_max : float
        Lowest and highest centre frequency in Hz, ``0 < f_min < f_max``.
    n_bands : int
        Number of bands, >= 1.

    Returns
    -------
    array (n_bands,)
        Centre frequencies in Hz.
    """
    f_min = check_positive(f_min, "f_min")
    f_max = check_positive(f_max, "f_max")
    n_bands = positive_int(n_bands, "n_bands")
    if f_max <= f_min:
        raise ValueError(f"f_max must be > f_min, got f_min={f_min:g} Hz, f_max={f_max:g} Hz")
    e = np.linspace(_erb_rate(f_min), _erb_rate(f_max), n_bands)
    f = (10.0 ** (e / _ERB_RATE) - 1.0) / _ERB_SLOPE
    # exact ends, free of the log/exp round trip
    f[0] = f_min
    if n_bands > 1:
        f[-1] = f_max
    return f


def _erb_rate(f: float) -> float:
    return _ERB_RATE * math.log10(_ERB_SLOPE * f + 1.0)


# =============================================================================== gammatone
def gammatone_sos(center_frequencies, sample_rate: float) -> np.ndarray:
    """4th-order gammatone filters as cascades of second-order sections.

    Band ``k`` is :func:`scipy.signal.gammatone` ``(f_k, "iir", fs=sample_rate)``: the
    digital version (Slaney 1993) of the gammatone filter of impulse response

        g(t) = t^3 exp(-2 pi b t) cos(2 pi f_k t),    b = 1.019 ERB(f_k)  (Hz, t in s)

    scaled to a gain of 1 (0 dB) at ``f_k``. Its -3 dB bandwidth is
    ``2 b sqrt(2^(1/4) - 1) = 0.887 ERB(f_k)`` and its equivalent rectangular bandwidth
    ``ERB(f_k)`` (slightly wider near Nyquist, where the digital design departs from the
    analogue filter).

    SciPy returns the filter as one transfer function of order 8 whose four pole pairs are
    equal; in direct form that polynomial is ill-conditioned (at 44.1 kHz a 100 Hz band is
    unstable), so it is refactored here without root-finding on the repeated poles: the
    denominator is exactly ``(1 + q1 z^-1 + q2 z^-2)^4`` with ``q1 = a1 / 4`` and
    ``q2 = a8^(1/4)``, and the numerator's four (distinct) zeros are found with
    :func:`numpy.roots`; :func:`scipy.signal.zpk2sos` pairs them into 4 sections.

    Parameters
    ----------
    center_frequencies : array (n_bands,)
        Centre frequencies in Hz, each in ``(0, sample_rate / 2)``.
    sample_rate : float
        Sample rate in Hz.

    Returns
    -------
    array (n_bands, 4, 6)
        Band ``k`` as 4 sections ``[b0, b1, b2, 1, a1, a2]`` for
        :func:`scipy.signal.sosfilt` (``sosfilt(sos[k], x)`` filters ``x`` by band ``k``).
    """
    fs = check_positive(sample_rate, "sample_rate")
    try:
        fc = np.asarray(center_frequencies, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"center_frequencies must be an array of numbers (Hz), got "
                        f"{center_frequencies!r}") from None
    if fc.ndim != 1 or fc.size == 0:
        raise ValueError(f"center_frequencies must be a non-empty 1-D array, got shape "
                         f"{fc.shape}")
    if not np.all(np.isfinite(fc)) or np.any(fc <= 0) or np.any(fc >= fs / 2):
        raise ValueError(f"center_frequencies must lie in (0, {fs / 2:g}) Hz (below Nyquist "
                         f"for sample_rate={fs:g} Hz), got values in [{fc.min():g}, "
                         f"{fc.max():g}]")
    return np.stack([_gammatone_band(float(f), fs) for f in fc])


def _gammatone_band(f: float, fs: float) -> np.ndarray:
    b, a = sps.gammatone(f, "iir", fs=fs)
    q = np.array([1.0, a[1] / 4.0, a[8] ** 0.25])
    q4 = np.polymul(np.polymul(q, q), np.polymul(q, q))
    if not np.allclose(q4, a, rtol=1e-9, atol=1e-9 * np.abs(a).max()):
        # guards the factorisation against a change of SciPy's design
        raise RuntimeError("scipy.signal.gammatone no longer returns a denominator with four "
                           "equal pole pairs; the second-order-section factorisation in "
                           "liquidstate.encoders.auditory needs updating")
    poles = np.repeat(np.roots(q), 4)
    return sps.zpk2sos(np.roots(b), poles, b[0])


@numba.njit(cache=True)
def _gammatone_envelopes(x, bank, lowpass, bounds):  # pragma: no cover - compiled
    """Row means of the smoothed, half-wave rectified output of every band.

    For each band: the cascade ``bank[k]`` (direct form II transposed, like
    ``scipy.signal.sosfilt``; ``a0 = 1``), ``max(y, 0)``, the cascade ``lowpass``, then the
    mean over samples ``bounds[r] .. bounds[r + 1] - 1`` for row ``r``. One pass, no
    intermediate (n_bands, n_samples) arrays.
    """
    n_bands, n_sec, _ = bank.shape
    n_lp = lowpass.shape[0]
    n_rows = bounds.size - 1
    out = np.empty((n_rows, n_bands))
    z1 = np.empty(n_sec)
    z2 = np.empty(n_sec)
    w1 = np.empty(n_lp)
    w2 = np.empty(n_lp)
    for k in range(n_bands):
        z1[:] = 0.0
        z2[:] = 0.0
        w1[:] = 0.0
        w2[:] = 0.0
        for r in range(n_rows):
            acc = 0.0
            for t in range(bounds[r], bounds[r + 1]):
                v = x[t]
                for s in range(n_sec):
                    y = bank[k, s, 0] * v + z1[s]
                    z1[s] = bank[k, s, 1] * v - bank[k, s, 4] * y + z2[s]
                    z2[s] = bank[k, s, 2] * v - bank[k, s, 5] * y
                    v = y
                if v < 0.0:
                    v = 0.0
                for s in range(n_lp):
                    y = lowpass[s, 0] * v + w1[s]
                    w1[s] = lowpass[s, 1] * v - lowpass[s, 4] * y + w2[s]
                    w2[s] = lowpass[s, 2] * v - lowpass[s, 5] * y
                    v = y
                acc += v
            out[r, k] = acc / (bounds[r + 1] - bounds[r])
    return out


#: Order of the Butterworth low-pass that smooths the rectified band signals.
ENVELOPE_ORDER = 4


@functools.lru_cache(maxsize=16)
def _gammatone_design(fs: float, n_bands: int, f_min: float, f_max: float,
                      cutoff: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Centre frequencies, band filters and envelope low-pass (cached: the design of 32
    bands costs about as much as filtering a short utterance)."""
    fc = erb_space(f_min, f_max, n_bands)
    bank = np.ascontiguousarray(gammatone_sos(fc, fs))
    lowpass = np.ascontiguousarray(sps.butter(ENVELOPE_ORDER, cutoff, fs=fs, output="sos"))
    for a in (fc, bank, lowpass):
        a.setflags(write=False)
    return fc, bank, lowpass


# =============================================================================== mel
def _librosa(what: str = "the mel filterbank"):
    try:
        import librosa
    except ImportError:
        raise ImportError(f"{what} needs librosa: pip install 'liquidstate[audio]'") from None
    return librosa


# =============================================================================== silence
# trim_silence's analysis frames: 32 ms windows every 8 ms (256 and 64 samples at 8 kHz).
TRIM_FRAME = 0.032   # s
TRIM_HOP = 0.008     # s


def _check_top_db(top_db, name: str = "top_db") -> float:
    return positive_float(top_db, name, unit="dB")


def _trim(x: np.ndarray, fs: float, top_db: float) -> np.ndarray:
    """:func:`trim_silence` of a validated signal."""
    frame = max(int(round(TRIM_FRAME * fs)), 1)
    hop = max(int(round(TRIM_HOP * fs)), 1)
    _, (start, end) = _librosa("trim_silence").effects.trim(
        x, top_db=top_db, frame_length=frame, hop_length=hop)
    # a signal whose every frame is below the threshold cannot occur (the loudest frame is
    # at 0 dB), but an all-zero one gives every frame 0 dB: it is kept whole
    return x[start:end] if end > start else x


def trim_silence(signal, sample_rate: float, *, top_db: float = 20.0) -> np.ndarray:
    """``signal`` without its leading and trailing silence (librosa's ``effects.trim``).

    The signal is cut into frames of 32 ms every 8 ms (centred, zero padded at both ends);
    frame ``j`` has the RMS level

        L_j = 20 log10(max(rms_j, 1e-5) / max(max_j rms_j, 1e-5))   (dB, <= 0)

    and the frames with ``L_j > -top_db`` are the sound: the output runs from the first
    sample of the first such frame, ``j_0 * hop``, to the end of the last one, ``min(N,
    (j_1 + 1) * hop)``. Silence inside the sound is kept; a silent (all-zero) signal is
    returned whole.

    Why: the speech tasks describe a recording by its state in bins that scale with its
    duration, so a word must fill its recording. FSDD's recordings are trimmed, but not
    alike: one speaker's (lucas) keep about 0.1 s of room noise at both ends (median 136 and
    126 ms more than 20 dB below the word's peak, against at most 24 and 72 ms for the
    others), which moved his words into other bins than everybody else's.

    Parameters
    ----------
    signal : array (n_samples,)
        Mono audio.
    sample_rate : float
        Its sample rate in Hz (frames of ``round(0.032 sample_rate)`` samples every
        ``round(0.008 sample_rate)``).
    top_db : float
        Level below the loudest frame, in dB, under which a frame counts as silence.

    Returns
    -------
    array (m,)
        A view of ``signal`` (float64), ``m <= n_samples``.

    Raises
    ------
    ValueError, TypeError
        For a signal that is not 1-D, is empty or holds NaN or inf, a sample rate or
        ``top_db`` that is not a number > 0.
    ImportError
        Without librosa (``pip install 'liquidstate[audio]'``).

    Examples
    --------
    >>> import numpy as np
    >>> t = np.arange(4000) / 8000
    >>> x = np.concatenate([np.zeros(800), np.sin(2 * np.pi * 440 * t), np.zeros(800)])
    >>> y = trim_silence(x, 8000)
    >>> x.size, y.size < 4000 + 2 * 256
    (5600, True)
    """
    fs = _rate(sample_rate, "sample_rate")
    return _trim(_check_signal(signal, "signal"), fs, _check_top_db(top_db))


def _default_n_fft(sample_rate: float, hop: int = 1) -> int:
    """The mel path's default FFT size: the smallest power of two >= 25 ms and >= ``hop``."""
    return 1 << max(math.ceil(math.log2(max(0.025 * sample_rate, hop, 2))), 1)


@functools.lru_cache(maxsize=16)
def _mel_design(fs: float, n_fft: int, n_bands: int, f_min: float,
                f_max: float) -> tuple[np.ndarray, sparse.csr_array, np.ndarray]:
    """Centre frequencies, mel weights (n_bands, n_fft // 2 + 1) and the periodic Hann
    window (librosa's defaults: Slaney mel scale and area normalisation).

    The weights are kept sparse (each triangle spans a few bins): a sparse product is
    faster than a dense one, and on a busy machine a multithreaded BLAS product of these
    small matrices can be a hundred times slower than one thread.
    """
    librosa = _librosa()
    weights = librosa.filters.mel(sr=fs, n_fft=n_fft, n_mels=n_bands, fmin=f_min,
                                  fmax=f_max, dtype=np.float64)
    fc = librosa.mel_frequencies(n_bands + 2, fmin=f_min, fmax=f_max)[1:-1]
    window = sps.get_window("hann", n_fft, fftbins=True)
    for a in (fc, window):
        a.setflags(write=False)
    return fc, sparse.csr_array(weights), window


def _mel_power(x: np.ndarray, hop: int, n_rows: int, weights: sparse.csr_array,
               window: np.ndarray) -> np.ndarray:
    """Mel power ``(n_rows, n_bands)``: frames centred on samples ``r * hop`` (zero padding
    of ``n_fft // 2`` at both ends, as librosa's ``center=True, pad_mode="constant"``)."""
    n_fft = window.size
    padded = np.pad(x, n_fft // 2)
    frames = np.lib.stride_tricks.sliding_window_view(padded, n_fft)[::hop][:n_rows]
    spectrum = np.fft.rfft(frames * window, axis=1)
    power = spectrum.real ** 2 + spectrum.imag ** 2
    return np.ascontiguousarray((weights @ power.T).T)


# =============================================================================== parameters
@dataclass(frozen=True)
class _Config:
    """Validated parameters of the front end (private)."""

    sample_rate: float
    fs: float                # the working rate (after resampling)
    up: int                  # resampling ratio up / down (1 / 1: none)
    down: int
    n_bands: int
    f_min: float
    f_max: float
    dt: float
    hop: float               # samples per row at the working rate
    filterbank: str
    compression: str | None
    normalise: str | None
    envelope_cutoff: float
    log_eps: float
    percentile: float
    n_fft: int
    trim_db: float | None


def _choice(value, name: str, options: tuple) -> str | None:
    """One of ``options``; where None is one, "none" means it too (TOML has no null)."""
    return choice(value, name, [o for o in options if o is not None], none=None in options)


def _rate(value, name: str) -> float:
    return positive_float(value, name, unit="Hz")


def _check_config(sample_rate, n_bands, f_min, f_max, dt, filterbank, compression, normalise,
                  resample_to, envelope_cutoff, log_eps, percentile, n_fft,
                  trim_db) -> _Config:
    sample_rate = _rate(sample_rate, "sample_rate")
    up = down = 1
    fs = sample_rate
    if resample_to is not None:
        fs = _rate(resample_to, "resample_to")
        if fs != sample_rate:
            if not (float(fs).is_integer() and float(sample_rate).is_integer()):
                raise ValueError(f"resampling needs whole-number rates, got sample_rate="
                                 f"{sample_rate:g} Hz and resample_to={fs:g} Hz")
            ratio = Fraction(int(fs), int(sample_rate))
            up, down = ratio.numerator, ratio.denominator
    n_bands = positive_int(n_bands, "n_bands")
    filterbank = _choice(filterbank, "filterbank", FILTERBANKS)
    compression = _choice(compression, "compression", COMPRESSIONS)
    normalise = _choice(normalise, "normalise", NORMALISATIONS)
    nyquist = fs / 2
    f_min = check_positive(f_min, "f_min")
    if f_max is None:
        f_max = F_MAX_FRACTION * fs
    else:
        f_max = check_positive(f_max, "f_max")
    # a gammatone band needs its centre strictly below Nyquist; a mel filter's upper edge
    # may reach it
    above = f_max >= nyquist if filterbank == "gammatone" else f_max > nyquist
    if above:
        bound = "<" if filterbank == "gammatone" else "<="
        raise ValueError(f"f_max must be {bound} the Nyquist frequency {nyquist:g} Hz "
                         f"(half the working sample rate {fs:g} Hz), got {f_max:g} Hz")
    if f_min >= f_max:
        raise ValueError(f"f_min must be < f_max, got f_min={f_min:g} Hz, f_max={f_max:g} Hz")
    dt = check_positive(dt, "dt")
    hop = dt * fs
    if hop < 1.0 - _TOL:
        raise ValueError(f"dt must be at least one sample period (1 / {fs:g} Hz = "
                         f"{1 / fs:.6g} s), got {dt:g} s")
    envelope_cutoff = check_positive(envelope_cutoff, "envelope_cutoff")
    if envelope_cutoff >= nyquist:
        raise ValueError(f"envelope_cutoff must be < the Nyquist frequency {nyquist:g} Hz, "
                         f"got {envelope_cutoff:g} Hz")
    log_eps = check_positive(log_eps, "log_eps")
    percentile = check_real(percentile, "percentile")
    if not 0.0 < percentile <= 100.0:
        raise ValueError(f"percentile must lie in (0, 100], got {percentile:g}")
    if filterbank == "mel":
        if abs(hop - round(hop)) > _TOL * hop:
            raise ValueError(f"the mel filterbank needs dt * sample_rate to be a whole number "
                             f"of samples (the STFT hop), got dt={dt:g} s at {fs:g} Hz "
                             f"({hop:.6g} samples)")
        hop = float(round(hop))
        if n_fft is None:
            n_fft = _default_n_fft(fs, int(hop))
        else:
            n_fft = positive_int(n_fft, "n_fft")
            if n_fft < 2:
                raise ValueError(f"n_fft must be >= 2, got {n_fft}")
    elif n_fft is not None:
        n_fft = positive_int(n_fft, "n_fft")
    if trim_db is not None:
        trim_db = _check_top_db(trim_db, "trim_db")
    return _Config(sample_rate, fs, up, down, n_bands, f_min, float(f_max), dt, hop,
                   filterbank, compression, normalise, envelope_cutoff, log_eps, percentile,
                   0 if n_fft is None else n_fft, trim_db)


def _check_signal(signal, name: str) -> np.ndarray:
    if np.iscomplexobj(signal):
        raise TypeError(f"{name} must be real-valued samples, got complex values")
    try:
        x = np.asarray(signal, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a 1-D array of samples, got "
                        f"{type(signal).__name__}") from None
    if x.ndim != 1:
        hint = ("; for a multi-channel recording (n_samples, n_channels) average the channels, "
                f"e.g. {name}.mean(axis=1)" if x.ndim == 2 else "")
        raise ValueError(f"{name} must be a 1-D array of samples, got shape {x.shape}{hint}")
    if x.size == 0:
        raise ValueError(f"{name} is empty (0 samples)")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{name} contains NaN or inf")
    return np.ascontiguousarray(x)


def _ceil_tol(v: np.ndarray) -> np.ndarray:
    """``ceil(v)``, but values within a relative ``_TOL`` of an integer round to it."""
    k = np.round(v)
    return np.where(np.abs(v - k) <= _TOL * np.maximum(1.0, np.abs(k)), k,
                    np.ceil(v)).astype(np.int64)


def _compute(x: np.ndarray, cfg: _Config) -> np.ndarray:
    """The cochleagram of a validated signal."""
    if cfg.trim_db is not None:
        x = _trim(x, cfg.sample_rate, cfg.trim_db)
    if cfg.up != cfg.down:
        x = sps.resample_poly(x, cfg.up, cfg.down)
    n = x.size
    n_rows = int(_ceil_tol(np.array(n / cfg.hop)))
    if cfg.filterbank == "gammatone":
        _, bank, lowpass = _gammatone_design(cfg.fs, cfg.n_bands, cfg.f_min, cfg.f_max,
                                             cfg.envelope_cutoff)
        bounds = _ceil_tol(np.arange(n_rows + 1) * cfg.hop)
        bounds[-1] = n
        env = _gammatone_envelopes(x, bank, lowpass, bounds)
        # the Butterworth low-pass rings slightly below 0 after onsets: an envelope is >= 0
        np.maximum(env, 0.0, out=env)
    else:
        _, weights, window = _mel_design(cfg.fs, cfg.n_fft, cfg.n_bands, cfg.f_min, cfg.f_max)
        env = np.sqrt(_mel_power(x, int(cfg.hop), n_rows, weights, window))
    if cfg.normalise == "utterance":
        ref = np.percentile(env, cfg.percentile)
        if not ref > 0.0:
            # A short sound in digital silence can leave fewer than (100 - percentile)% of
            # the envelope above 0; its peak is then the level. Only silence gives zeros.
            ref = env.max()
            if not ref > 0.0:
                return np.zeros_like(env)
        env /= ref
        np.minimum(env, 1.0, out=env)
    if cfg.compression == "log":
        env = np.log1p(env / cfg.log_eps) / math.log1p(1.0 / cfg.log_eps)
    elif cfg.compression == "cuberoot":
        env = np.cbrt(env)
    return env


# =============================================================================== public API
def cochleagram(signal, sample_rate: float, *, n_bands: int = 32, f_min: float = 100.0,
                f_max: float | None = None, dt: float = 1e-3, filterbank: str = "gammatone",
                compression: str | None = "log", normalise: str | None = "utterance",
                resample_to: float | None = None, envelope_cutoff: float = 40.0,
                log_eps: float = 1e-3, percentile: float = 99.0,
                n_fft: int | None = None, trim_db: float | None = None) -> np.ndarray:
    """Band envelopes of an audio signal, one row every ``dt`` seconds, in [0, 1].

    With ``trim_db`` set, the signal's leading and trailing silence (frames more than
    ``trim_db`` dB below its loudest) is cut off first (:func:`trim_silence`); ``N_in`` below
    is the length of what remains. Let ``fs`` be the working rate (``resample_to`` if given,
    else ``sample_rate``),
    ``x[n]`` the (resampled) signal of ``N`` samples (``ceil(N_in * resample_to /
    sample_rate)`` after resampling) and ``h = dt * fs`` the samples per row.
    The output has

        n_steps = ceil(N / h)

    rows (exact multiples are not rounded up; e.g. 3600 samples at 8 kHz with ``dt = 1 ms``
    give 450 rows, 3601 give 451); row ``r`` stands for the time ``[r dt, (r + 1) dt)``.

    **Gammatone filterbank** (default). Band ``k`` filters ``x`` with the 4th-order
    gammatone filter ``G_k`` of centre ``f_k`` (:func:`erb_space` ``(f_min, f_max,
    n_bands)``; gain 1 at ``f_k``, bandwidth ``1.019 ERB(f_k)``, see
    :func:`gammatone_sos`), rectifies it and smooths it with ``L``, a 4th-order Butterworth
    low-pass of cut-off ``envelope_cutoff`` Hz (group delay about 10 ms at 40 Hz), and
    averages it over the samples of each row (``ceil(r h) <= n < ceil((r + 1) h)``):

        e[r, k] = max(0, mean_n L[max(0, G_k x)][n])

    An amplitude in the signal's units: a sine of amplitude ``A`` at ``f_k`` gives about
    ``A / pi`` once the smoothing has settled (the mean of a half-wave rectified sine). The
    filters start at rest (silence before the signal). The cut-off should stay below both the
    frame rate's Nyquist ``1 / (2 dt)`` and ``f_min``, so the rectified carrier does not
    ripple through.

    **Mel filterbank** (``filterbank="mel"``, needs librosa). ``h`` must be a whole number of
    samples. Frame ``r`` is the ``n_fft``-point periodic-Hann-windowed frame centred on
    sample ``r h`` (zero padding of ``n_fft // 2`` at both ends), and::

        e[r, k] = sqrt(sum_j M[k, j] |X_r[j]|^2)

    with ``M`` = ``librosa.filters.mel(sr=fs, n_fft=n_fft, n_mels=n_bands, fmin=f_min,
    fmax=f_max)`` (Slaney mel scale, area-normalised triangles): the square root of
    ``librosa.feature.melspectrogram`` on the same settings (its first ``n_steps`` frames),
    so this path too gives an amplitude (in librosa's STFT units).

    **Per-utterance normalisation** (``normalise="utterance"``): one gain per utterance (for
    all bands, so the spectral shape is kept), a static automatic gain control:

        e <- min(e / P, 1),    P = percentile(e, percentile) over all rows and bands

    so that a signal and the same signal 10 times louder give the same output; ``percentile
    = 100`` divides by the maximum, the default 99 keeps a click from setting the gain.
    Where ``P = 0`` (a sound in fewer than ``100 - percentile`` % of the envelope's values,
    e.g. a short word in long digital silence) ``P`` is the maximum of ``e`` instead; a
    silent signal (``e = 0`` everywhere) gives zeros. With ``normalise=None`` the envelope keeps the
    signal's level (not clipped; the output then is not bounded by 1).

    **Compression** of the (normalised) envelope ``e``:

    - ``"log"``: ``y = log(1 + e / log_eps) / log(1 + 1 / log_eps)``, linear below
      ``log_eps`` and logarithmic above, with ``y = 1`` at ``e = 1``; ``log_eps = 1e-3``
      spans about 60 dB (levels 60 dB below the reference map to about 0.1);
    - ``"cuberoot"``: ``y = e^(1/3)`` (Stevens' power law applied to the amplitude);
    - ``None``: ``y = e``.

    Both map [0, 1] onto [0, 1], so with normalisation the output lies in [0, 1].

    Parameters
    ----------
    signal : array (n_samples,)
        Mono audio (any finite real values; e.g. floats in [-1, 1] as soundfile reads them).
    sample_rate : float
        Sample rate of ``signal`` in Hz.
    n_bands : int
        Number of bands (rows' width), >= 1.
    f_min : float
        Centre of the lowest band (gammatone) or lower edge of the lowest mel filter, Hz.
    f_max : float, optional
        Centre of the highest band (gammatone; must be below the Nyquist frequency ``fs /
        2``) or upper edge of the highest mel filter (at most ``fs / 2``), Hz. Default
        ``0.45 * fs``.
    dt : float
        Duration of one output row in seconds, at least one sample period.
    filterbank : {"gammatone", "mel"}
        Cochlear model: gammatone filters with rectification and smoothing, or mel energies.
    compression : {"log", "cuberoot", None}  ("none" is None)
        Amplitude compression (see above).
    normalise : {"utterance", None}  ("none" is None)
        Per-utterance gain normalisation (see above).
    resample_to : float, optional
        Working sample rate in Hz; the signal is resampled to it with
        :func:`scipy.signal.resample_poly` (polyphase, Kaiser-windowed anti-alias filter)
        when it differs from ``sample_rate`` (both must then be whole numbers of Hz).
    envelope_cutoff : float
        Cut-off in Hz of the envelope low-pass (gammatone only).
    log_eps : float
        Knee of the log compression, in units of the (normalised) envelope.
    percentile : float
        Percentile in (0, 100] of the envelope used as the utterance's reference level.
    n_fft : int, optional
        FFT size of the mel path. Default: the smallest power of two >= 25 ms and >= ``h``
        (256 at 8 kHz). Ignored by the gammatone path.
    trim_db : float, optional
        Cut the leading and trailing silence first (:func:`trim_silence` with ``top_db =
        trim_db``; needs librosa); default None: keep the whole signal.

    Returns
    -------
    array (n_steps, n_bands)
        Row ``r`` is ``[r dt, (r + 1) dt)``, column ``k`` the band of centre frequency
        ``k`` (ascending); values in [0, 1] with ``normalise="utterance"``.

    Raises
    ------
    ValueError
        For a signal that is not 1-D, is empty or holds NaN or inf; for ``n_bands < 1``,
        ``f_min >= f_max``, ``f_max`` at or above Nyquist, ``dt`` shorter than a sample, a
        non-integer hop for the mel path, and unknown option strings.

    Examples
    --------
    >>> import numpy as np
    >>> t = np.arange(4000) / 8000                        # 0.5 s at 8 kHz
    >>> c = cochleagram(np.sin(2 * np.pi * 1000 * t), 8000, n_bands=16)
    >>> c.shape, float(c.max()) <= 1.0
    ((500, 16), True)
    """
    cfg = _check_config(sample_rate, n_bands, f_min, f_max, dt, filterbank, compression,
                        normalise, resample_to, envelope_cutoff, log_eps, percentile, n_fft,
                        trim_db)
    return _compute(_check_signal(signal, "signal"), cfg)


def _center_frequencies(cfg: _Config) -> np.ndarray:
    """Centre frequencies of the bands of a validated configuration (private helper)."""
    if cfg.filterbank == "gammatone":
        return erb_space(cfg.f_min, cfg.f_max, cfg.n_bands)
    return _mel_design(cfg.fs, cfg.n_fft, cfg.n_bands, cfg.f_min, cfg.f_max)[0].copy()


class AuditoryFrontEnd(TransformerMixin, BaseEstimator):
    """The auditory front end as a scikit-learn transformer (see :func:`cochleagram`).

    ``transform`` maps a list of 1-D signals (all at ``sample_rate`` Hz, of any lengths) to
    a list of cochleagrams ``(n_steps_i, n_bands)`` with rows of ``dt`` seconds, the input
    convention of the spike encoders, e.g.
    ``make_pipeline(AuditoryFrontEnd(), BSAEncoder())``.

    Parameters
    ----------
    sample_rate : float
        Sample rate of the input signals in Hz.
    n_bands : int
        Number of bands.
    f_min, f_max : float
        Band range in Hz (``f_max`` default ``0.45`` times the working rate).
    dt : float
        Duration of one output row in seconds.
    filterbank : {"gammatone", "mel"}
        Cochlear model.
    compression : {"log", "cuberoot", None}  ("none" is None)
        Amplitude compression.
    normalise : {"utterance", None}  ("none" is None)
        Per-utterance gain normalisation.
    resample_to : float, optional
        Working sample rate in Hz (default: ``sample_rate``).
    envelope_cutoff : float
        Envelope low-pass cut-off in Hz (gammatone).
    log_eps : float
        Knee of the log compression.
    percentile : float
        Percentile of the envelope taken as the utterance's reference level.
    n_fft : int, optional
        FFT size of the mel path.
    trim_db : float, optional
        Cut each signal's leading and trailing silence first (:func:`trim_silence`).

    Attributes
    ----------
    center_frequencies_ : array (n_bands,)
        Centre frequency of each output column in Hz (gammatone: the filter centres; mel:
        the peaks of the triangular filters).
    sample_rate_ : float
        The working sample rate in Hz.

    Notes
    -----
    Filters are designed once per configuration (cached), and each signal's bands are
    filtered, rectified, smoothed and averaged in one compiled pass, so a 0.45 s utterance
    at 8 kHz with 32 gammatone bands takes about a millisecond on one core.
    """

    def __init__(self, sample_rate: float = 8000, n_bands: int = 32, f_min: float = 100.0,
                 f_max: float | None = None, dt: float = 1e-3, filterbank: str = "gammatone",
                 compression: str | None = "log", normalise: str | None = "utterance",
                 resample_to: float | None = None, envelope_cutoff: float = 40.0,
                 log_eps: float = 1e-3, percentile: float = 99.0, n_fft: int | None = None,
                 trim_db: float | None = None):
        self.sample_rate = sample_rate
        self.n_bands = n_bands
        self.f_min = f_min
        self.f_max = f_max
        self.dt = dt
        self.filterbank = filterbank
        self.compression = compression
        self.normalise = normalise
        self.resample_to = resample_to
        self.envelope_cutoff = envelope_cutoff
        self.log_eps = log_eps
        self.percentile = percentile
        self.n_fft = n_fft
        self.trim_db = trim_db

    def _config(self) -> _Config:
        return _check_config(self.sample_rate, self.n_bands, self.f_min, self.f_max, self.dt,
                             self.filterbank, self.compression, self.normalise,
                             self.resample_to, self.envelope_cutoff, self.log_eps,
                             self.percentile, self.n_fft, self.trim_db)

    def fit(self, X=None, y=None) -> "AuditoryFrontEnd":
        """Validate the parameters (and ``X`` if given); set ``center_frequencies_``."""
        cfg = self._config()
        if X is not None:
            _check_signals(X)
        self.center_frequencies_ = _center_frequencies(cfg)
        self.sample_rate_ = cfg.fs
        return self

    def transform(self, X) -> list[np.ndarray]:
        """Cochleagrams of the signals ``X`` (a list of 1-D arrays), one per signal."""
        check_is_fitted(self, "center_frequencies_")
        cfg = self._config()
        return [_compute(x, cfg) for x in _check_signals(X)]


def _check_signals(X) -> list[np.ndarray]:
    """``X`` as a list of validated 1-D float64 signals (a 2-D array: one signal per row)."""
    if isinstance(X, np.ndarray) and X.ndim == 2:
        if X.shape[1] <= 2 < X.shape[0]:
            # rows of 1 or 2 samples: a recording (n_samples, n_channels), not a batch
            raise ValueError(f"X of shape {X.shape} looks like one recording (n_samples, "
                             f"n_channels), not one signal per row: pass [X[:, 0]] or "
                             f"[X.mean(axis=1)]")
        X = list(X)
    elif isinstance(X, np.ndarray) and X.ndim == 1 and X.dtype != object:
        raise ValueError(f"X must be a list of 1-D signals, got one 1-D array of shape "
                         f"{X.shape}: for one signal pass [X]")
    if not isinstance(X, (Sequence, np.ndarray)) or isinstance(X, (str, bytes)):
        raise TypeError(f"X must be a list of 1-D signals, got {type(X).__name__}")
    if len(X) == 0:
        raise ValueError("X must hold at least one signal, got none")
    if all(isinstance(x, numbers.Number) for x in X):
        raise ValueError("X must be a list of 1-D signals, got a list of numbers: for one "
                         "signal pass [X]")
    return [_check_signal(x, f"X[{i}]") for i, x in enumerate(X)]
