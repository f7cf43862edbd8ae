"""The Free Spoken Digit Dataset (FSDD): 3,000 recordings of the digits 0-9 at 8 kHz.

Six speakers say each digit 50 times; files are named ``{digit}_{speaker}_{index}.wav``.
The standard split tests on index 0-4 (300 recordings) and trains on 5-49 (2,700);
leave-one-speaker-out gives six folds of 2,500 / 500. Both come from the returned
:class:`~liquidstate.datasets.SpeechDataset` (``standard_split()``, ``loso_splits()``).

Source: Z. Jackson et al., "Jakobovski/free-spoken-digit-dataset" (Zenodo), release
v1.0.10, CC BY-SA 4.0. Cite it when you publish results on it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import urllib.request
import zipfile

from .audio import SpeechDataset, _listing, audio_folder
from .cache import user_cache_dir

__all__ = ["fsdd", "FSDD_URL", "FSDD_ENV"]

FSDD_URL = ("https://github.com/Jakobovski/free-spoken-digit-dataset/archive/refs/tags/"
            "v1.0.10.zip")
FSDD_ENV = "LIQUIDSTATE_FSDD"
N_RECORDINGS = 3000

_NAME = re.compile(r"^[0-9]_[A-Za-z0-9]+_[0-9]+\.wav$")
# The opener is looked up at call time, so tests can serve a local archive instead.
_urlopen = urllib.request.urlopen


def fsdd(path: str | os.PathLike | None = None, *, cache_dir: str | os.PathLike | None = None,
         download: bool = True, sample_rate: int | None = None, on_error: str = "raise"
         ) -> SpeechDataset:
    """Load the Free Spoken Digit Dataset.

    Parameters
    ----------
    path : str, path-like or None
        The dataset's root folder (holding ``recordings/``) or the recordings folder itself.
        None: the folder named by the environment variable ``LIQUIDSTATE_FSDD``, else
        ``{cache_dir}/fsdd``, downloaded there on first use.
    cache_dir : str, path-like or None
        Where the download goes; default ``$XDG_CACHE_HOME/liquidstate`` or
        ``~/.cache/liquidstate`` (see :func:`~liquidstate.datasets.user_cache_dir`).
    download : bool
        Download the dataset (a 16 MB archive, ``liquidstate.datasets.fsdd.FSDD_URL``) when it is not in the
        cache. Only used when neither ``path`` nor ``LIQUIDSTATE_FSDD`` is given.
    sample_rate : int or None
        Resample to this rate in Hz (FSDD is recorded at 8,000 Hz).
    on_error : {"raise", "skip"}
        For unreadable or empty recordings, as in
        :func:`~liquidstate.datasets.audio_folder`.

    Returns
    -------
    SpeechDataset
        Labels ``"0"`` to ``"9"``, the six speakers, the index of each recording.

    Raises
    ------
    FileNotFoundError
        If the given folder does not exist or holds no recordings, or if the dataset is not
        in the cache and ``download`` is False.
    OSError
        If the download fails (no internet): the message says how to give a local copy.
    ValueError
        If a ``.wav`` file's name does not follow ``{digit}_{speaker}_{index}.wav``, or a
        download does not hold the 3,000 recordings.
    """
    recordings = _locate(path, cache_dir, download)
    wavs = sorted(n for n in os.listdir(recordings) if n.lower().endswith(".wav"))
    odd = [n for n in wavs if not _NAME.match(n)]
    if odd:
        raise ValueError(f"{len(odd)} file(s) in {recordings!r} are not named "
                         f"'{{digit}}_{{speaker}}_{{index}}.wav' as in FSDD: {_listing(odd)}")
    if not wavs:
        raise FileNotFoundError(f"{recordings!r} holds no .wav recordings")
    return audio_folder(recordings, sample_rate=sample_rate, on_error=on_error,
                        pattern="*.wav", labels_from="name")


def _recordings(folder: str, source: str) -> str:
    """The recordings folder of a dataset root or of the recordings folder itself."""
    if os.path.isdir(os.path.join(folder, "recordings")):
        return os.path.join(folder, "recordings")
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"{source} {folder!r} is not a folder")
    if not any(n.lower().endswith(".wav") for n in os.listdir(folder)):
        raise FileNotFoundError(f"{source} {folder!r} holds neither a 'recordings' folder nor "
                                ".wav files; expected FSDD's root or its recordings folder")
    return folder


def _locate(path, cache_dir, download: bool) -> str:
    if path is not None:
        return _recordings(os.fspath(path), "path")
    env = os.environ.get(FSDD_ENV)
    if env:
        return _recordings(env, f"${FSDD_ENV}")
    root = os.path.join(os.fspath(cache_dir) if cache_dir is not None else user_cache_dir(),
                        "fsdd")
    recordings = os.path.join(root, "recordings")
    if os.path.isdir(recordings):
        return recordings
    if not download:
        raise FileNotFoundError(
            f"FSDD is not in the cache ({recordings!r}) and download=False; pass path= (FSDD's "
            f"folder), set {FSDD_ENV}, or allow the download")
    _download(root)
    return recordings


def _download(root: str, url: str = FSDD_URL) -> None:
    """Fetch the archive and install ``{root}/recordings`` whole or not at all."""
    os.makedirs(root, exist_ok=True)
    fd, archive = tempfile.mkstemp(dir=root, prefix=".download-", suffix=".zip.tmp")
    staging = tempfile.mkdtemp(dir=root, prefix=".extract-")
    try:
        with os.fdopen(fd, "wb") as f:
            try:
                with _urlopen(url, timeout=60) as response:
                    shutil.copyfileobj(response, f, 1 << 20)
            except OSError as exc:  # URLError, HTTPError, timeouts are all OSErrors
                raise OSError(
                    f"could not download FSDD from {url} ({exc}). Without internet, fetch it "
                    f"elsewhere and pass path= (the folder holding recordings/) or set "
                    f"{FSDD_ENV}") from exc
        n = _extract(archive, os.path.join(staging, "recordings"), url)
        if n != N_RECORDINGS:
            raise ValueError(f"the archive from {url} holds {n} recordings, expected "
                             f"{N_RECORDINGS}; nothing was installed")
        try:
            # One rename: other processes see no recordings folder or the complete one.
            os.replace(os.path.join(staging, "recordings"), os.path.join(root, "recordings"))
        except OSError:
            if not os.path.isdir(os.path.join(root, "recordings")):
                raise  # not a concurrent download that finished first
    finally:
        with contextlib.suppress(OSError):
            os.unlink(archive)
        shutil.rmtree(staging, ignore_errors=True)


def _extract(archive: str, dest: str, url: str) -> int:
    """Write the archive's ``recordings/*.wav`` into ``dest``; return how many."""
    os.makedirs(dest)
    try:
        zf = zipfile.ZipFile(archive)
    except zipfile.BadZipFile as exc:
        raise ValueError(f"the download from {url} is not a zip archive ({exc})") from None
    n = 0
    with zf:
        for info in zf.infolist():
            parts = info.filename.split("/")
            # Only FSDD-named files, written under their base name: no path from the archive
            # reaches the file system.
            if info.is_dir() or len(parts) < 2 or parts[-2] != "recordings" \
                    or not _NAME.match(parts[-1]):
                continue
            with zf.open(info) as src, open(os.path.join(dest, parts[-1]), "wb") as dst:
                shutil.copyfileobj(src, dst)
            n += 1
    return n
