"""FSDD: path resolution, name checks, the download (served locally), and the real data."""

import importlib
import io
import os
import urllib.error
import zipfile

import numpy as np
import pytest

sf = pytest.importorskip("soundfile")

from liquidstate.datasets import fsdd  # noqa: E402

# The package exports the function `fsdd`, which hides the module of the same name.
fsdd_module = importlib.import_module("liquidstate.datasets.fsdd")

SPEAKERS = ["george", "jackson", "lucas", "nicolas", "theo", "yweweler"]


def _wav_bytes(value=0.1, n=16):
    buf = io.BytesIO()
    sf.write(buf, np.full(n, value), 8000, format="WAV", subtype="PCM_16")
    return buf.getvalue()


def _small_fsdd(root, speakers=("ann", "bob"), digits=range(3), n_index=6):
    rec = root / "recordings"
    rec.mkdir(parents=True)
    for s in speakers:
        for d in digits:
            for i in range(n_index):
                (rec / f"{d}_{s}_{i}.wav").write_bytes(_wav_bytes(d / 10))
    return root


@pytest.fixture(autouse=True)
def _no_env(monkeypatch):
    # Tests of the resolution order must not see a developer's own setting.
    monkeypatch.delenv("LIQUIDSTATE_FSDD", raising=False)


# ---------------------------------------------------------------------- path resolution
def test_root_or_recordings_folder(tmp_path):
    root = _small_fsdd(tmp_path / "fsdd")
    a, b = fsdd(root), fsdd(root / "recordings")
    assert len(a) == len(b) == 36 and a.files == b.files
    assert a.classes.tolist() == ["0", "1", "2"] and set(a.speakers) == {"ann", "bob"}
    train, test = a.standard_split()
    assert test.size == 30 and train.size == 6


def test_environment_variable_is_used_without_a_path(tmp_path, monkeypatch):
    root = _small_fsdd(tmp_path / "elsewhere")
    monkeypatch.setenv("LIQUIDSTATE_FSDD", str(root))
    monkeypatch.setattr(fsdd_module, "_urlopen", _refuse_network)
    assert len(fsdd(cache_dir=tmp_path / "cache")) == 36
    assert not (tmp_path / "cache").exists()
    monkeypatch.setenv("LIQUIDSTATE_FSDD", str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError, match=r"\$LIQUIDSTATE_FSDD.*missing"):
        fsdd()


def test_missing_or_wrong_folders_are_clear_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="path.*nowhere"):
        fsdd(tmp_path / "nowhere")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("x")
    with pytest.raises(FileNotFoundError, match="neither a 'recordings' folder"):
        fsdd(tmp_path / "other")


def test_names_must_follow_fsdd(tmp_path):
    root = _small_fsdd(tmp_path / "fsdd")
    (root / "recordings" / "hello_world.wav").write_bytes(_wav_bytes())
    (root / "recordings" / "x_ann_0.wav").write_bytes(_wav_bytes())
    with pytest.raises(ValueError, match="2 file.*hello_world.wav.*x_ann_0.wav"):
        fsdd(root)


def test_bad_recording_raises_or_is_skipped(tmp_path):
    root = _small_fsdd(tmp_path / "fsdd")
    (root / "recordings" / "1_ann_3.wav").write_bytes(b"")
    with pytest.raises(ValueError, match="1_ann_3.wav"):
        fsdd(root)
    with pytest.warns(UserWarning, match="1_ann_3.wav"):
        ds = fsdd(root, on_error="skip")
    assert len(ds) == 35 and len(ds.skipped) == 1


# ----------------------------------------------------------------------------- download
def _refuse_network(*args, **kwargs):
    raise AssertionError("the network must not be touched")


def _archive(n_per=50, speakers=SPEAKERS, extra=()):
    buf = io.BytesIO()
    top = "free-spoken-digit-dataset-1.0.10"
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(f"{top}/README.md", "FSDD")
        zf.writestr(f"{top}/recordings/", "")
        for d in range(10):
            data = _wav_bytes(d / 10)
            for s in speakers:
                for i in range(n_per):
                    zf.writestr(f"{top}/recordings/{d}_{s}_{i}.wav", data)
        for name, data in extra:
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.fixture(scope="module")
def archive():
    return _archive(extra=[("free-spoken-digit-dataset-1.0.10/recordings/../../evil.wav",
                            b"x")])


def _serve(payload, seen):
    def urlopen(url, timeout=None):
        seen.append(url)
        return io.BytesIO(payload)
    return urlopen


def test_download_into_the_user_cache_then_reuse(tmp_path, monkeypatch, archive):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    seen = []
    monkeypatch.setattr(fsdd_module, "_urlopen", _serve(archive, seen))
    ds = fsdd()
    assert seen == [fsdd_module.FSDD_URL]
    target = tmp_path / "xdg" / "liquidstate" / "fsdd"
    assert sorted(os.listdir(target)) == ["recordings"]  # no archive or staging left
    assert len(os.listdir(target / "recordings")) == 3000
    assert not (tmp_path / "evil.wav").exists() and not (tmp_path / "xdg" / "evil.wav").exists()
    assert len(ds) == 3000 and ds.classes.tolist() == [str(d) for d in range(10)]
    monkeypatch.setattr(fsdd_module, "_urlopen", _refuse_network)
    assert len(fsdd(download=False)) == 3000


def test_no_internet_is_a_clear_error_and_leaves_nothing(tmp_path, monkeypatch):
    def offline(url, timeout=None):
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(fsdd_module, "_urlopen", offline)
    with pytest.raises(OSError, match="could not download.*LIQUIDSTATE_FSDD"):
        fsdd(cache_dir=tmp_path)
    assert os.listdir(tmp_path / "fsdd") == []
    with pytest.raises(FileNotFoundError, match="download=False"):
        fsdd(cache_dir=tmp_path, download=False)


def test_incomplete_or_broken_archives_install_nothing(tmp_path, monkeypatch):
    short = _archive(n_per=49)
    monkeypatch.setattr(fsdd_module, "_urlopen", _serve(short, []))
    with pytest.raises(ValueError, match="2940 recordings, expected 3000"):
        fsdd(cache_dir=tmp_path)
    assert os.listdir(tmp_path / "fsdd") == []
    monkeypatch.setattr(fsdd_module, "_urlopen", _serve(b"<html>rate limited</html>", []))
    with pytest.raises(ValueError, match="not a zip archive"):
        fsdd(cache_dir=tmp_path)
    assert os.listdir(tmp_path / "fsdd") == []


# ---------------------------------------------------------------------------- real FSDD
@pytest.fixture(scope="module")
def real(fsdd_dir):
    return fsdd(fsdd_dir)


def test_real_fsdd_counts(real):
    assert len(real) == 3000 and real.sample_rate == 8000 and real.skipped == ()
    labels, counts = np.unique(real.labels, return_counts=True)
    assert labels.tolist() == [str(d) for d in range(10)] and np.all(counts == 300)
    speakers, counts = np.unique(real.speakers, return_counts=True)
    assert speakers.tolist() == SPEAKERS and np.all(counts == 500)
    assert sorted(set(real.index.tolist())) == list(range(50))
    d = real.durations
    assert 0.1 < d.min() and d.max() < 2.5
    assert all(s.dtype == np.float64 and np.abs(s).max() <= 1.0 for s in real.signals)


def test_real_fsdd_splits(real):
    train, test = real.standard_split()
    assert train.size == 2700 and test.size == 300
    assert np.all(real.index[test] <= 4) and np.all(real.index[train] >= 5)
    folds = real.loso_splits()
    assert [f[0] for f in folds] == SPEAKERS
    assert all(tr.size == 2500 and te.size == 500 for _, tr, te in folds)
    tested = np.concatenate([te for _, _, te in folds])
    assert np.array_equal(np.sort(tested), np.arange(3000))


def test_real_fsdd_file_names_match_fields(real):
    for i in (0, 1234, 2999):
        digit, speaker, index = os.path.basename(real.files[i])[:-4].split("_")
        assert (real.labels[i], real.speakers[i], real.index[i]) == (digit, speaker,
                                                                     int(index))
