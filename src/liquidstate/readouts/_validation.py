"""Input checks shared by the readouts (scikit-learn conventions, clear errors)."""

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


def check_alphas(alphas) -> np.ndarray:
    """The regularisation grid as a non-empty 1-D float array of finite values > 0."""
    try:
        a = np.atleast_1d(np.asarray(alphas, dtype=np.float64))
    except (TypeError, ValueError):
        raise TypeError(f"alphas must be a number or a sequence of numbers, got "
                        f"{alphas!r}") from None
    if a.ndim != 1 or a.size == 0:
        raise ValueError(f"alphas must be a number or a non-empty 1-D sequence, got shape "
                         f"{a.shape}")
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        raise ValueError(f"alphas must be finite and > 0, got {a}")
    return a


def check_positive(value, name: str, *, integer: bool = False, upper=None,
                   upper_inclusive: bool = True, allow_zero: bool = False):
    """A positive (or non-negative) number, or an error naming the parameter."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if integer:
        if not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name} must be an int, got {value!r}")
        value = int(value)
    else:
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise TypeError(f"{name} must be a number, got {value!r}") from None
        if not np.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value}")
    if value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{name} must be {'>= 0' if allow_zero else '> 0'}, got {value}")
    if upper is not None and (value > upper or (value == upper and not upper_inclusive)):
        raise ValueError(f"{name} must be {'<=' if upper_inclusive else '<'} {upper}, "
                         f"got {value}")
    return value
