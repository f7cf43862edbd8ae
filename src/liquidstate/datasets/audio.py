"""Labelled recordings: read audio files, load folders of them, split them for evaluation.

:func:`read_audio` reads one file as a float64 mono signal; :func:`audio_folder` loads a
folder of labelled recordings into a :class:`SpeechDataset` (signals, sample rate, labels,
speakers, recording indices), whose methods return the evaluation splits as index arrays:
FSDD's standard split, leave-one-speaker-out, chosen test speakers, or a stratified random
fraction. :func:`check_split` refuses a split whose test set holds a label never seen in
training, which a classifier could only get wrong.

Reading needs soundfile (``pip install 'liquidstate[audio]'``), imported on first use;
resampling uses :func:`scipy.signal.resample_poly` with the exact rational ratio of the rates.
"""

from __future__ import annotations

import fnmatch
import math
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .._validation import positive_int
from .._warnings import warn
from ..random import check_seed, rng

__all__ = ["read_audio", "audio_folder", "SpeechDataset", "check_split"]

AUDIO_PATTERNS = ("*.wav", "*.flac")

_NO_LABEL = "no label (expected a name '{label}_{speaker}_{index}' or a label sub-folder)"
# Errors and warnings list at most this many files, then "and N more".
_SHOW = 5


def _soundfile():
    try:
        import soundfile
    except ImportError:
        raise ImportError("reading audio files needs soundfile: "
                          "pip install 'liquidstate[audio]'") from None
    return soundfile


def _listing(items: Sequence[str]) -> str:
    shown = ", ".join(repr(str(s)) for s in items[:_SHOW])
    more = len(items) - _SHOW
    return shown + (f" and {more} more" if more > 0 else "")


def _check_rate(sample_rate, name: str = "sample_rate") -> int | None:
    """A sample rate in Hz (a positive int), or None."""
    return None if sample_rate is None else positive_int(sample_rate, name)


def _resample(x: np.ndarray, rate: int, target: int) -> np.ndarray:
    from scipy.signal import resample_poly

    g = math.gcd(rate, target)
    return resample_poly(x, target // g, rate // g)


def _read(path: str) -> tuple[np.ndarray, int, int]:
    """``(mono float64 signal, native rate, number of channels in the file)``, or ValueError."""
    sf = _soundfile()
    if not os.path.isfile(path):
        raise FileNotFoundError(f"audio file {path!r} does not exist (or is not a file)")
    try:
        data, rate = sf.read(path, dtype="float64", always_2d=True)
    except (sf.SoundFileError, RuntimeError, EOFError) as exc:
        raise ValueError(f"audio file {path!r} is not readable as audio: {exc}") from None
    n_frames, n_channels = data.shape
    if n_frames == 0 or n_channels == 0:
        raise ValueError(f"audio file {path!r} is empty (0 samples)")
    if not np.all(np.isfinite(data)):
        raise ValueError(f"audio file {path!r} contains NaN or infinite samples")
    # The mean of the channels keeps the level of a signal recorded equally on all of them.
    x = data[:, 0].copy() if n_channels == 1 else data.mean(axis=1)
    return x, int(rate), n_channels


def read_audio(path: str | os.PathLike, *, sample_rate: int | None = None
               ) -> tuple[np.ndarray, int]:
    """Read one audio file as a mono float64 signal.

    Parameters
    ----------
    path : str or path-like
        A file that soundfile can read (WAV, FLAC, OGG, ...).
    sample_rate : int or None
        Target rate in Hz. When given and different from the file's rate, the signal is
        resampled with :func:`scipy.signal.resample_poly` (polyphase filter, exact rational
        ratio ``sample_rate / rate``). None keeps the file's rate.

    Returns
    -------
    signal : ndarray of float64, shape (n_samples,)
        Samples in ``[-1, 1]`` for integer formats. A file with several channels is mixed
        down to mono (the mean of its channels), with a warning naming the file.
    rate : int
        The sample rate of ``signal`` in Hz.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If the file is not readable as audio, holds no samples, or holds NaN or infinity.
    ImportError
        If soundfile is not installed (``pip install 'liquidstate[audio]'``).
    """
    target = _check_rate(sample_rate)
    path = os.fspath(path)
    x, rate, n_channels = _read(path)
    if n_channels > 1:
        warn(f"audio file {path!r} has {n_channels} channels; mixed down to mono (their mean)")
    if target is not None and target != rate:
        x, rate = _resample(x, rate, target), target
    return x, rate


# ------------------------------------------------------------------------------ splits
def _indices(idx, n: int, name: str) -> np.ndarray:
    a = np.asarray(idx)
    if a.dtype == bool:
        if a.shape != (n,):
            raise ValueError(f"{name}: a boolean mask must have shape ({n},), got {a.shape}")
        return np.flatnonzero(a)
    a = np.atleast_1d(a)
    if a.ndim != 1 or (a.size and not np.issubdtype(a.dtype, np.integer)):
        raise TypeError(f"{name} must be a 1-D array of integer indices or a boolean mask, "
                        f"got dtype {a.dtype} and shape {a.shape}")
    a = a.astype(np.int64)
    if a.size and (a.min() < -n or a.max() >= n):
        raise IndexError(f"{name} holds indices out of range for {n} samples")
    return a % n if a.size else a


def check_split(labels, train, test) -> None:
    """Check that a split is usable for classification, or raise a ``ValueError``.

    Parameters
    ----------
    labels : array-like, shape (n_samples,)
        The label of every sample.
    train, test : array-like of int or boolean mask
        Indices of the training and test samples.

    Raises
    ------
    ValueError
        If either set is empty, if they share samples, or if the test set holds a label that
        the training set lacks (the error names those labels: no classifier trained on
        ``train`` could predict them, so the accuracy would be silently capped).
    """
    labels = np.asarray(labels)
    n = labels.shape[0]
    train, test = _indices(train, n, "train"), _indices(test, n, "test")
    if train.size == 0:
        raise ValueError("train is empty: a split needs at least one training sample")
    if test.size == 0:
        raise ValueError("test is empty: a split needs at least one test sample")
    shared = np.intersect1d(train, test)
    if shared.size:
        raise ValueError(f"train and test share {shared.size} sample(s), e.g. index "
                         f"{int(shared[0])}")
    unseen = np.setdiff1d(labels[test], labels[train])
    if unseen.size:
        raise ValueError(f"the test set holds label(s) {unseen.tolist()} absent from the "
                         "training set; a classifier cannot predict a label it never saw")


@dataclass(frozen=True, eq=False)
class SpeechDataset:
    """Labelled recordings, all at one sample rate.

    Attributes
    ----------
    signals : list of ndarray of float64, each shape (n_samples_i,)
        The recordings, mono.
    sample_rate : int
        Sample rate of every signal in Hz.
    labels : ndarray of str, shape (n,)
        The label (class) of each recording.
    speakers : ndarray of str, shape (n,), or None
        The speaker of each recording, None when unknown.
    files : tuple of str
        The file each recording came from ("" for signals not read from files).
    index : ndarray of int64, shape (n,)
        The recording's repetition index (the third file-name field, as in FSDD's
        ``{digit}_{speaker}_{index}.wav``), -1 where unknown.
    skipped : tuple of str
        Files that :func:`audio_folder` skipped (``on_error="skip"``), each as
        ``"path: reason"``; empty when nothing was skipped.

    Splits are returned as integer index arrays into these fields; :meth:`subset` makes a
    dataset of some recordings.
    """

    signals: list
    sample_rate: int
    labels: np.ndarray
    speakers: np.ndarray | None = None
    files: tuple = ()
    index: np.ndarray | None = None
    skipped: tuple = ()

    def __post_init__(self) -> None:
        signals = list(self.signals)
        n = len(signals)
        if n == 0:
            raise ValueError("signals must hold at least one recording")
        for i, s in enumerate(signals):
            a = np.asarray(s, dtype=np.float64)
            if a.ndim != 1 or a.size == 0:
                raise ValueError(f"signals[{i}] must be a non-empty 1-D array, got shape "
                                 f"{a.shape}")
            if a.flags.writeable and (a is s or a.base is not None):
                # the caller's writable array: keep a copy, and leave theirs writable
                a = a.copy()
            a.setflags(write=False)
            signals[i] = a
        rate = _check_rate(self.sample_rate)
        if rate is None:
            raise TypeError("sample_rate must be a positive int (Hz), got None")
        labels = np.asarray(self.labels).astype(str)
        if labels.shape != (n,):
            raise ValueError(f"labels must have shape ({n},) (one per signal), got "
                             f"{labels.shape}")
        speakers = None
        if self.speakers is not None:
            speakers = np.asarray(self.speakers).astype(str)
            if speakers.shape != (n,):
                raise ValueError(f"speakers must have shape ({n},) or be None, got "
                                 f"{speakers.shape}")
        files = tuple(str(f) for f in self.files) if len(self.files) else ("",) * n
        if len(files) != n:
            raise ValueError(f"files must hold {n} names (one per signal), got {len(files)}")
        index = np.full(n, -1, np.int64) if self.index is None else np.asarray(self.index)
        if index.shape != (n,) or (index.size and not np.issubdtype(index.dtype, np.integer)):
            raise ValueError(f"index must be integers of shape ({n},), got dtype {index.dtype} "
                             f"and shape {index.shape}")
        index = index.astype(np.int64)
        for name, value in (("signals", signals), ("sample_rate", rate), ("labels", labels),
                            ("speakers", speakers), ("files", files), ("index", index),
                            ("skipped", tuple(str(s) for s in self.skipped))):
            if isinstance(value, np.ndarray):
                value.setflags(write=False)
            object.__setattr__(self, name, value)

    # ---------------------------------------------------------------- access
    def __len__(self) -> int:
        return len(self.signals)

    @property
    def classes(self) -> np.ndarray:
        """The distinct labels, sorted."""
        return np.unique(self.labels)

    @property
    def durations(self) -> np.ndarray:
        """Duration of each recording in seconds."""
        return np.array([s.size for s in self.signals], np.float64) / self.sample_rate

    def subset(self, idx) -> SpeechDataset:
        """The recordings ``idx`` (integer indices or a boolean mask), in that order."""
        idx = _indices(idx, len(self), "idx")
        return SpeechDataset(
            signals=[self.signals[i] for i in idx], sample_rate=self.sample_rate,
            labels=self.labels[idx],
            speakers=None if self.speakers is None else self.speakers[idx],
            files=tuple(self.files[i] for i in idx), index=self.index[idx],
            skipped=self.skipped)

    # ---------------------------------------------------------------- splits
    def check_split(self, train, test) -> None:
        """:func:`check_split` with this dataset's labels."""
        check_split(self.labels, train, test)

    def standard_split(self) -> tuple[np.ndarray, np.ndarray]:
        """FSDD's standard split: recordings with index 0-4 are the test set, the rest train.

        Returns
        -------
        train, test : ndarray of int64
            Indices into the dataset (on FSDD: 2,700 and 300).

        Raises
        ------
        ValueError
            If some recording has no index (file names without a numeric third field), or if
            the split leaves a test label out of training (see :func:`check_split`).
        """
        missing = np.flatnonzero(self.index < 0)
        if missing.size:
            raise ValueError(
                f"standard_split needs a recording index for every file (the third field of "
                f"'{{label}}_{{speaker}}_{{index}}.wav'); {missing.size} recording(s) have "
                f"none, e.g. {_listing([self.files[i] for i in missing])}")
        is_test = self.index < 5
        train, test = np.flatnonzero(~is_test), np.flatnonzero(is_test)
        self.check_split(train, test)
        return train, test

    def speaker_split(self, test_speakers) -> tuple[np.ndarray, np.ndarray]:
        """Test on the recordings of ``test_speakers`` (a name or a list), train on the rest.

        Raises ``ValueError`` for an unknown speaker, when no speaker would be left for
        training, or when a test label is absent from training (see :func:`check_split`).
        """
        speakers = self._require_speakers("speaker_split")
        chosen = [test_speakers] if isinstance(test_speakers, str) else list(test_speakers)
        if not chosen:
            raise ValueError("test_speakers must name at least one speaker")
        known = set(speakers.tolist())
        unknown = [s for s in chosen if str(s) not in known]
        if unknown:
            raise ValueError(f"test_speakers: unknown speaker(s) {unknown}; the dataset has "
                             f"{sorted(known)}")
        is_test = np.isin(speakers, [str(s) for s in chosen])
        if is_test.all():
            raise ValueError("test_speakers covers every speaker; none is left for training")
        train, test = np.flatnonzero(~is_test), np.flatnonzero(is_test)
        self.check_split(train, test)
        return train, test

    def loso_splits(self) -> list[tuple[str, np.ndarray, np.ndarray]]:
        """Leave-one-speaker-out: one ``(speaker, train, test)`` per speaker, sorted by name.

        Raises ``ValueError`` when speakers are unknown or fewer than two, or when a fold's
        test speaker says a label that no other speaker says (see :func:`check_split`).
        """
        speakers = self._require_speakers("loso_splits")
        names = np.unique(speakers)
        if names.size < 2:
            raise ValueError(f"loso_splits needs at least 2 speakers, the dataset has "
                             f"{names.tolist()}")
        return [(str(s), *self.speaker_split(s)) for s in names]

    def fraction_split(self, test_fraction: float = 0.2, seed: int = 0
                       ) -> tuple[np.ndarray, np.ndarray]:
        """A random split stratified by label: about ``test_fraction`` of each label is test.

        Each label with ``n`` recordings gives ``round(test_fraction * n)`` of them to the
        test set, but always keeps at least one in training (a label with a single recording
        is training only). The draw depends only on ``seed``.

        Returns
        -------
        train, test : ndarray of int64
            Sorted indices into the dataset.
        """
        try:
            f = float(test_fraction)
        except (TypeError, ValueError):
            raise TypeError(f"test_fraction must be a number in (0, 1), got "
                            f"{test_fraction!r}") from None
        if not 0.0 < f < 1.0:
            raise ValueError(f"test_fraction must lie in (0, 1), got {test_fraction!r}")
        g = rng(check_seed(seed), "fraction_split")
        test = []
        for label in self.classes:
            members = np.flatnonzero(self.labels == label)
            n_test = min(int(round(f * members.size)), members.size - 1)
            test.append(g.permutation(members)[:n_test])
        test = np.sort(np.concatenate(test))
        if test.size == 0:
            raise ValueError(f"test_fraction={f} leaves the test set empty for "
                             f"{len(self)} recordings")
        train = np.setdiff1d(np.arange(len(self)), test)
        self.check_split(train, test)
        return train, test

    def _require_speakers(self, method: str) -> np.ndarray:
        if self.speakers is None:
            raise ValueError(f"{method} needs speakers, and this dataset has none (name files "
                             "'{label}_{speaker}_....wav' to give them)")
        return self.speakers

    def __repr__(self) -> str:
        n_speakers = "None" if self.speakers is None else len(np.unique(self.speakers))
        return (f"SpeechDataset(n={len(self)}, sample_rate={self.sample_rate}, "
                f"classes={len(self.classes)}, speakers={n_speakers}, "
                f"skipped={len(self.skipped)})")


# ------------------------------------------------------------------------ audio folders
def _find_files(root: str, patterns: tuple[str, ...]) -> list[str]:
    """Audio files under ``root`` (recursive), as sorted POSIX paths relative to it."""
    found = []
    # Symbolic links to folders are followed (a label folder is often a link to the data);
    # each real folder is visited once, so a link loop ends.
    seen = {os.path.realpath(root)}
    for d, subdirs, names in os.walk(root, followlinks=True):
        keep = []
        for s in sorted(subdirs):
            real = os.path.realpath(os.path.join(d, s))
            if not s.startswith(".") and real not in seen:
                seen.add(real)
                keep.append(s)
        subdirs[:] = keep
        for name in names:
            # Case-insensitive, so 'X.WAV' matches '*.wav' on every platform.
            if not name.startswith(".") and any(fnmatch.fnmatch(name.lower(), p)
                                                for p in patterns):
                found.append(os.path.relpath(os.path.join(d, name), root).replace(os.sep, "/"))
    return sorted(found)


def _fields(rel: str, by_folder: bool) -> tuple[str, str, int]:
    """``(label, speaker, index)`` of one file; "" for an absent label or speaker."""
    parts = rel.split("/")
    stem = os.path.splitext(parts[-1])[0]
    fields = stem.split("_")
    named = len(fields) > 1
    label = parts[0] if by_folder else (fields[0] if named else "")
    speaker = fields[1] if named else ""
    third = fields[2] if len(fields) > 2 else ""
    index = int(third) if third.isascii() and third.isdigit() else -1
    return label, speaker, index


def audio_folder(path: str | os.PathLike, *, sample_rate: int | None = None,
                 on_error: str = "raise", pattern: str | Sequence[str] = AUDIO_PATTERNS,
                 labels_from: str = "auto") -> SpeechDataset:
    """Load a folder of labelled recordings.

    File names follow FSDD's ``{label}_{speaker}_{index}.wav``: the fields are split at
    ``_``; the second is the speaker and a numeric third is the recording index; more
    fields are ignored. Where the label comes from depends on ``labels_from``:

    ``"name"``
        The file-name prefix before the first ``_`` (files anywhere below ``path``). A file
        name without ``_`` has no label.
    ``"folder"``
        The name of the sub-folder of ``path`` the file sits in (at any depth below it);
        files directly in ``path`` have no label. The first file-name field is then ignored.
    ``"auto"`` (default)
        ``"folder"`` when every file sits in a sub-folder, ``"name"`` when every file sits
        directly in ``path``; a mix of both raises a ``ValueError`` (choose explicitly).

    Parameters
    ----------
    path : str or path-like
        The folder; searched recursively (hidden files and folders are ignored; links to
        folders are followed, each real folder once).
    sample_rate : int or None
        Rate in Hz of every signal; files at another rate are resampled (see
        :func:`read_audio`). None: the most common rate among the files (ties: the higher
        rate), with a warning listing the files that were resampled to it.
    on_error : {"raise", "skip"}
        What to do with an unreadable, empty or non-finite file, or a file without a label:
        raise a ``ValueError`` naming it, or skip it. Skipped files are listed in one warning
        and kept in the dataset's ``skipped`` field, so nothing is lost silently.
    pattern : str or sequence of str
        Shell patterns of the file names to load, matched case-insensitively
        (default ``("*.wav", "*.flac")``).
    labels_from : {"auto", "name", "folder"}
        See above.

    Returns
    -------
    SpeechDataset
        Recordings sorted by their path relative to ``path``; ``files`` holds full paths.
        ``speakers`` is None unless every file has a speaker field (a warning says so when
        only some have one).

    Raises
    ------
    FileNotFoundError
        If ``path`` is not a folder.
    ValueError
        If it holds no matching file, no labelled file, mixes layouts under
        ``labels_from="auto"``, or (``on_error="raise"``) holds a bad file.

    Notes
    -----
    Files with several channels are mixed down to mono (their mean), with one warning
    listing them. Loading FSDD's 3,000 files takes about half a second.
    """
    root = os.fspath(path)
    if not os.path.isdir(root):
        raise FileNotFoundError(f"path {root!r} is not a folder")
    target = _check_rate(sample_rate)
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', got {on_error!r}")
    if labels_from not in ("auto", "name", "folder"):
        raise ValueError(f"labels_from must be 'auto', 'name' or 'folder', got "
                         f"{labels_from!r}")
    patterns = (pattern,) if isinstance(pattern, str) else tuple(pattern)
    if not patterns or not all(isinstance(p, str) for p in patterns):
        raise TypeError(f"pattern must be a string or a sequence of strings, got {pattern!r}")
    patterns = tuple(p.lower() for p in patterns)

    rels = _find_files(root, patterns)
    if not rels:
        raise ValueError(f"path {root!r} holds no audio file matching {list(patterns)}")
    nested = ["/" in r for r in rels]
    if labels_from == "auto":
        if all(nested):
            labels_from = "folder"
        elif not any(nested):
            labels_from = "name"
        else:
            top = [r for r, n in zip(rels, nested) if not n]
            sub = [r for r, n in zip(rels, nested) if n]
            raise ValueError(
                f"path {root!r} holds audio files both directly in it ({_listing(top)}) and in "
                f"sub-folders ({_listing(sub)}); pass labels_from='name' (label = file-name "
                "prefix) or 'folder' (label = sub-folder, top-level files unlabelled)")
    by_folder = labels_from == "folder"

    records, bad = [], []  # bad: (relative path, reason)
    for rel in rels:
        label, speaker, idx = _fields(rel, by_folder)
        if not label or (by_folder and "/" not in rel):
            bad.append((rel, _NO_LABEL))
            continue
        full = os.path.join(root, *rel.split("/"))
        try:
            x, rate, n_channels = _read(full)
        except (ValueError, OSError) as exc:
            bad.append((rel, str(exc)))
            continue
        records.append((full, label, speaker, idx, x, rate, n_channels))

    if not records:
        reasons = "; ".join(f"{r}: {why}" for r, why in bad[:_SHOW])
        raise ValueError(f"path {root!r} holds no labelled, readable audio file (name files "
                         f"'{{label}}_{{speaker}}_{{index}}.wav' or put them in one sub-folder "
                         f"per label); {len(bad)} problem(s): {reasons}")
    if bad:
        if on_error == "raise":
            rel, why = bad[0]
            raise ValueError(f"file {rel!r} in {root!r}: {why} ({len(bad)} bad file(s) in all; "
                             "pass on_error='skip' to skip them)")
        warn(f"audio_folder skipped {len(bad)} of {len(rels)} file(s) in {root!r} "
             f"(listed in the dataset's 'skipped' field): "
             + "; ".join(f"{r}: {why}" for r, why in bad[:_SHOW])
             + (f"; and {len(bad) - _SHOW} more" if len(bad) > _SHOW else ""))

    mixed = [r[0] for r in records if r[6] > 1]
    if mixed:
        warn(f"{len(mixed)} file(s) with several channels were mixed down to mono (their "
             f"mean): {_listing(mixed)}")
    rates = Counter(r[5] for r in records)
    if target is None:
        target = max(rates, key=lambda r: (rates[r], r))
        odd = [r[0] for r in records if r[5] != target]
        if odd:
            warn(f"{len(odd)} file(s) not at the most common rate {target} Hz were resampled "
                 f"to it: {_listing(odd)}")
    signals = [x if rate == target else _resample(x, rate, target)
               for _, _, _, _, x, rate, _ in records]
    for x in signals:
        x.setflags(write=False)  # ours alone: SpeechDataset keeps them without a copy

    speakers = [r[2] for r in records]
    have = [bool(s) for s in speakers]
    if not all(have):
        if any(have):
            lacking = [r[0] for r in records if not r[2]]
            warn(f"speakers are unknown: {len(lacking)} file(s) lack the speaker field "
                 f"(second '_' field), e.g. {_listing(lacking)}")
        speakers = None
    return SpeechDataset(
        signals=signals, sample_rate=target, labels=np.array([r[1] for r in records]),
        speakers=None if speakers is None else np.array(speakers),
        files=tuple(r[0] for r in records), index=np.array([r[3] for r in records], np.int64),
        skipped=tuple(f"{os.path.join(root, *r.split('/'))}: {why}" for r, why in bad))
