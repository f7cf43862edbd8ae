"""Input checks of the readouts that follow scikit-learn conventions (``validate_data``,
``sample_weight``); their hyperparameters are checked with :mod:`liquidstate._validation`."""

from __future__ import annotations

import numpy as np

try:                                          # scikit-learn >= 1.6
    from sklearn.utils.validation import validate_data as _validate_data
except ImportError:                           # pragma: no cover - older scikit-learn
    _validate_data = None


def validate_data(estimator, X="no_validation", y="no_validation", *, reset: bool, **kw):
    """scikit-learn's ``validate_data`` (sets/checks ``n_features_in_``), on any version."""
    if _validate_data is not None:
        return _validate_data(estimator, X, y, reset=reset, **kw)
    return estimator._validate_data(X, y, reset=reset, **kw)  # pragma: no cover


def check_sample_weight(sample_weight, n_samples: int) -> np.ndarray:
    """``sample_weight`` as float64 of shape ``(n_samples,)`` (ones when None), checked."""
    if sample_weight is None:
        return np.ones(n_samples)
    try:
        w = np.asarray(sample_weight, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"sample_weight must be numbers, got {type(sample_weight).__name__}"
                        ) from None
    if w.ndim == 0:
        w = np.full(n_samples, float(w))
    if w.shape != (n_samples,):
        raise ValueError(f"sample_weight must have shape ({n_samples},) (one weight per "
                         f"sample), got shape {w.shape}")
    if not np.all(np.isfinite(w)):
        raise ValueError("sample_weight must be finite (found NaN or inf)")
    if np.any(w < 0):
        raise ValueError("sample_weight must be >= 0")
    return w
