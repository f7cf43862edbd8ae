"""Audio files and folders: reading, mixing down, resampling, labels, bad files, splits."""

import os
import sys
import warnings

import numpy as np
import pytest

sf = pytest.importorskip("soundfile")

from liquidstate.datasets import SpeechDataset, audio_folder, check_split, read_audio  # noqa: E402


def _write(path, x, rate=8000, subtype=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    sf.write(path, np.asarray(x, dtype=np.float64), rate, subtype=subtype)
    return str(path)


def _tone(n=400, rate=8000, freq=440.0, amp=0.5):
    return amp * np.sin(2 * np.pi * freq * np.arange(n) / rate)


def _no_warnings():
    return warnings.catch_warnings(action="error")


# --------------------------------------------------------------------------- read_audio
def test_read_mono_float64_exact(tmp_path):
    x = _tone()
    path = _write(tmp_path / "a.wav", x, subtype="DOUBLE")
    with _no_warnings():
        y, rate = read_audio(path)
    assert rate == 8000 and y.dtype == np.float64 and y.shape == (400,)
    np.testing.assert_array_equal(y, x)


def test_read_pcm16_is_scaled_to_unit_range(tmp_path):
    x = _tone(amp=0.9)
    y, _ = read_audio(_write(tmp_path / "a.flac", x))
    assert np.max(np.abs(y - x)) <= 1 / 2**15


def test_stereo_is_mixed_to_the_mean_with_a_warning_naming_the_file(tmp_path):
    left, right = _tone(), _tone(freq=1000.0, amp=0.25)
    path = _write(tmp_path / "st.wav", np.column_stack([left, right]), subtype="DOUBLE")
    with pytest.warns(UserWarning, match="st.wav.*2 channels"):
        y, _ = read_audio(path)
    np.testing.assert_allclose(y, (left + right) / 2, atol=1e-15)


def test_resampling_keeps_the_tone(tmp_path):
    rate, n = 16000, 1600
    path = _write(tmp_path / "a.wav", _tone(n, rate), rate, subtype="DOUBLE")
    y, r = read_audio(path, sample_rate=8000)
    assert r == 8000 and y.shape == (800,)
    inner = slice(100, 700)  # away from the filter's edge effects
    np.testing.assert_allclose(y[inner], _tone(800, 8000)[inner], atol=1e-2)
    # Non-integer ratio 8000 -> 11025 (441/320): length follows the exact ratio.
    y, r = read_audio(path, sample_rate=11025)
    assert r == 11025 and y.size == int(np.ceil(n * 11025 / rate))
    same, r = read_audio(path, sample_rate=rate)
    assert r == rate and same.size == n


@pytest.mark.parametrize("rate", [0, -8000, 8000.5, True, "8000"])
def test_bad_sample_rate_is_refused(tmp_path, rate):
    path = _write(tmp_path / "a.wav", _tone())
    with pytest.raises((TypeError, ValueError), match="sample_rate"):
        read_audio(path, sample_rate=rate)


def test_bad_files_give_errors_naming_them(tmp_path):
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match="empty.wav.*not readable"):
        read_audio(empty)
    corrupt = tmp_path / "corrupt.wav"
    corrupt.write_bytes(b"RIFF" + os.urandom(200))
    with pytest.raises(ValueError, match="corrupt.wav"):
        read_audio(corrupt)
    silent = _write(tmp_path / "zero.wav", np.zeros(0))  # a valid header, no samples
    with pytest.raises(ValueError, match="zero.wav.*empty"):
        read_audio(silent)
    nan = _write(tmp_path / "nan.wav", np.array([0.1, np.nan, 0.2]), subtype="FLOAT")
    with pytest.raises(ValueError, match="nan.wav.*NaN"):
        read_audio(nan)
    with pytest.raises(FileNotFoundError, match="missing.wav"):
        read_audio(tmp_path / "missing.wav")


def test_missing_soundfile_names_the_extra(tmp_path, monkeypatch):
    path = _write(tmp_path / "a.wav", _tone())
    monkeypatch.setitem(sys.modules, "soundfile", None)  # makes `import soundfile` fail
    with pytest.raises(ImportError, match=r"liquidstate\[audio\]"):
        read_audio(path)


# ------------------------------------------------------------------------- audio_folder
def test_labels_speakers_and_index_from_file_names(tmp_path):
    for name in ["3_bob_12.wav", "3_alice_0.wav", "7_alice_x.flac", "7_bob_2.WAV"]:
        _write(tmp_path / name, _tone())
    (tmp_path / "notes.txt").write_text("not audio")
    with _no_warnings():
        ds = audio_folder(tmp_path)
    assert [os.path.basename(f) for f in ds.files] == ["3_alice_0.wav", "3_bob_12.wav",
                                                       "7_alice_x.flac", "7_bob_2.WAV"]
    assert ds.labels.tolist() == ["3", "3", "7", "7"]
    assert ds.speakers.tolist() == ["alice", "bob", "alice", "bob"]
    assert ds.index.tolist() == [0, 12, -1, 2]
    assert ds.sample_rate == 8000 and ds.skipped == ()
    assert all(os.path.isabs(f) and os.path.isfile(f) for f in ds.files)
    only_flac = audio_folder(tmp_path, pattern="*.flac")
    assert len(only_flac) == 1 and only_flac.labels.tolist() == ["7"]


def test_labels_from_sub_folders(tmp_path):
    _write(tmp_path / "dog" / "x_alice_3.wav", _tone())
    _write(tmp_path / "dog" / "deeper" / "bark.wav", _tone())
    _write(tmp_path / "cat" / "y_bob_0.flac", _tone())
    # bark.wav has no speaker field, so speakers are unknown, and a warning says why.
    with pytest.warns(UserWarning, match="bark.wav"):
        ds = audio_folder(tmp_path)
    assert ds.labels.tolist() == ["cat", "dog", "dog"]
    assert ds.index.tolist() == [0, -1, 3]
    assert ds.speakers is None
    ds = audio_folder(tmp_path, pattern=["*.flac", "x_*"])
    assert ds.labels.tolist() == ["cat", "dog"] and ds.speakers.tolist() == ["bob", "alice"]


def test_linked_label_folders_are_followed_once(tmp_path):
    data = tmp_path / "data"
    _write(data / "yes" / "a_ann_0.wav", _tone())
    _write(tmp_path / "elsewhere" / "no" / "b_ann_0.wav", _tone())
    try:
        os.symlink(tmp_path / "elsewhere" / "no", data / "no", target_is_directory=True)
        os.symlink(data, data / "yes" / "loop", target_is_directory=True)
    except (OSError, NotImplementedError):
        pytest.skip("no symbolic links here")
    ds = audio_folder(data)
    # the linked folder's files are loaded, not silently dropped; the loop ends
    assert ds.labels.tolist() == ["no", "yes"]
    assert ds.files == (os.path.join(str(data), "no", "b_ann_0.wav"),
                        os.path.join(str(data), "yes", "a_ann_0.wav"))


def test_mixed_layout_needs_an_explicit_choice(tmp_path):
    _write(tmp_path / "1_ann_0.wav", _tone())
    _write(tmp_path / "recordings" / "2_ann_0.wav", _tone())
    with pytest.raises(ValueError, match="labels_from"):
        audio_folder(tmp_path)
    assert audio_folder(tmp_path, labels_from="name").labels.tolist() == ["1", "2"]
    with pytest.raises(ValueError, match="file '1_ann_0.wav'.*no label"):
        audio_folder(tmp_path, labels_from="folder")
    with pytest.warns(UserWarning, match="skipped 1 of 2"):
        ds = audio_folder(tmp_path, labels_from="folder", on_error="skip")
    assert ds.labels.tolist() == ["recordings"] and "1_ann_0.wav" in ds.skipped[0]


def test_folder_without_labels_or_audio_is_an_error(tmp_path):
    _write(tmp_path / "a.wav", _tone())
    _write(tmp_path / "b.wav", _tone())
    for on_error in ("raise", "skip"):
        with pytest.raises(ValueError, match="no labelled"):
            audio_folder(tmp_path, on_error=on_error)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.txt").write_text("nothing")
    with pytest.raises(ValueError, match="no audio file"):
        audio_folder(empty)
    with pytest.raises(FileNotFoundError, match="not a folder"):
        audio_folder(tmp_path / "absent")
    with pytest.raises(ValueError, match="on_error"):
        audio_folder(tmp_path, on_error="ignore")
    with pytest.raises(ValueError, match="labels_from"):
        audio_folder(tmp_path, labels_from="parent")


def test_bad_files_raise_or_are_skipped_and_recorded(tmp_path):
    _write(tmp_path / "0_ann_0.wav", _tone())
    _write(tmp_path / "1_ann_0.wav", _tone())
    (tmp_path / "0_ann_1.wav").write_bytes(b"")
    (tmp_path / "1_ann_1.wav").write_bytes(b"garbage" * 50)
    _write(tmp_path / "1_ann_2.wav", np.zeros(0))
    with pytest.raises(ValueError, match="file '0_ann_1.wav'.*3 bad file.*on_error='skip'"):
        audio_folder(tmp_path)
    with pytest.warns(UserWarning) as record:
        ds = audio_folder(tmp_path, on_error="skip")
    assert len(record) == 1  # one warning for all of them
    message = str(record[0].message)
    assert all(n in message for n in ["0_ann_1.wav", "1_ann_1.wav", "1_ann_2.wav"])
    assert [os.path.basename(f) for f in ds.files] == ["0_ann_0.wav", "1_ann_0.wav"]
    assert len(ds.skipped) == 3
    assert ds.skipped[0].startswith(str(tmp_path / "0_ann_1.wav") + ": ")


def test_odd_rates_are_resampled_to_the_most_common_with_a_warning(tmp_path):
    for i in range(3):
        _write(tmp_path / f"0_ann_{i}.wav", _tone(800, 8000))
    _write(tmp_path / "1_ann_0.wav", _tone(1600, 16000), 16000)
    with pytest.warns(UserWarning, match=r"1 file.*8000 Hz.*1_ann_0.wav"):
        ds = audio_folder(tmp_path)
    assert ds.sample_rate == 8000 and [s.size for s in ds.signals] == [800] * 4
    with _no_warnings():  # an explicit rate asks for the resampling: no warning
        ds = audio_folder(tmp_path, sample_rate=16000)
    assert ds.sample_rate == 16000 and [s.size for s in ds.signals] == [1600] * 4


def test_rate_tie_goes_to_the_higher_rate(tmp_path):
    _write(tmp_path / "0_a_0.wav", _tone(800, 8000))
    _write(tmp_path / "1_a_0.wav", _tone(1600, 16000), 16000)
    with pytest.warns(UserWarning, match="0_a_0.wav"):
        assert audio_folder(tmp_path).sample_rate == 16000


def test_stereo_files_in_a_folder_get_one_warning(tmp_path):
    stereo = np.column_stack([_tone(), -_tone()])
    for i in range(3):
        _write(tmp_path / f"0_a_{i}.wav", stereo, subtype="DOUBLE")
    with pytest.warns(UserWarning, match="3 file.*mono") as record:
        ds = audio_folder(tmp_path)
    assert len(record) == 1
    np.testing.assert_allclose(ds.signals[0], 0.0, atol=1e-15)


def test_speakers_none_without_warning_when_no_file_names_one(tmp_path):
    _write(tmp_path / "up" / "a.wav", _tone())
    _write(tmp_path / "down" / "b.wav", _tone())
    with _no_warnings():
        ds = audio_folder(tmp_path)
    assert ds.speakers is None and ds.labels.tolist() == ["down", "up"]


# ------------------------------------------------------------------------ SpeechDataset
def _dataset(n_speakers=3, n_labels=4, n_index=6):
    sig, lab, spk, idx = [], [], [], []
    for s in range(n_speakers):
        for d in range(n_labels):
            for i in range(n_index):
                sig.append(np.full(10 + i, float(d)))
                lab.append(str(d))
                spk.append(f"s{s}")
                idx.append(i)
    return SpeechDataset(sig, 8000, np.array(lab), np.array(spk), index=np.array(idx))


def test_dataset_fields_are_validated_and_read_only():
    ds = _dataset()
    assert len(ds) == 72 and ds.classes.tolist() == ["0", "1", "2", "3"]
    assert ds.files == ("",) * 72 and ds.durations[0] == 10 / 8000
    with pytest.raises(ValueError):
        ds.labels[0] = "9"
    with pytest.raises(ValueError):
        ds.signals[0][0] = 1.0
    with pytest.raises(ValueError, match="labels"):
        SpeechDataset([np.ones(3)] * 2, 8000, ["a"])
    with pytest.raises(ValueError, match=r"signals\[1\]"):
        SpeechDataset([np.ones(3), np.ones((2, 2))], 8000, ["a", "b"])
    with pytest.raises(ValueError, match="at least one"):
        SpeechDataset([], 8000, [])
    with pytest.raises(TypeError, match="sample_rate"):
        SpeechDataset([np.ones(3)], 8000.0, ["a"])
    with pytest.raises(ValueError, match="speakers"):
        SpeechDataset([np.ones(3)], 8000, ["a"], speakers=["x", "y"])


def test_standard_split_tests_on_index_0_to_4():
    ds = _dataset()
    train, test = ds.standard_split()
    assert train.dtype == np.int64 and test.size == 3 * 4 * 5 and train.size == 3 * 4 * 1
    assert np.all(ds.index[test] < 5) and np.all(ds.index[train] >= 5)
    no_index = SpeechDataset(ds.signals, 8000, ds.labels, files=[f"f{i}" for i in range(72)])
    with pytest.raises(ValueError, match="72 recording.*f0"):
        no_index.standard_split()


def test_loso_and_speaker_splits():
    ds = _dataset()
    folds = ds.loso_splits()
    assert [f[0] for f in folds] == ["s0", "s1", "s2"]
    for speaker, train, test in folds:
        assert np.all(ds.speakers[test] == speaker) and np.all(ds.speakers[train] != speaker)
        assert train.size + test.size == len(ds) and test.size == 24
    train, test = ds.speaker_split(["s0", "s2"])
    assert set(ds.speakers[test]) == {"s0", "s2"} and set(ds.speakers[train]) == {"s1"}
    with pytest.raises(ValueError, match="unknown speaker.*zed"):
        ds.speaker_split("zed")
    with pytest.raises(ValueError, match="every speaker"):
        ds.speaker_split(["s0", "s1", "s2"])
    no_speakers = SpeechDataset(ds.signals, 8000, ds.labels)
    with pytest.raises(ValueError, match="loso_splits needs speakers"):
        no_speakers.loso_splits()
    with pytest.raises(ValueError, match="at least 2 speakers"):
        ds.subset(ds.speakers == "s0").loso_splits()


def test_speaker_split_refuses_a_label_only_its_test_speaker_says():
    ds = _dataset()
    keep = ~((ds.labels == "3") & (ds.speakers != "s1"))  # only s1 says "3"
    with pytest.raises(ValueError, match=r"label\(s\) \['3'\] absent from the training"):
        ds.subset(keep).speaker_split("s1")


def test_fraction_split_is_stratified_and_seeded():
    ds = _dataset()
    train, test = ds.fraction_split(0.25, seed=1)
    assert test.size == 4 * round(0.25 * 18) and np.intersect1d(train, test).size == 0
    assert np.union1d(train, test).tolist() == list(range(len(ds)))
    assert all(np.sum(ds.labels[test] == c) == 4 for c in ds.classes)
    again = ds.fraction_split(0.25, seed=1)
    assert np.array_equal(again[1], test)
    assert not np.array_equal(ds.fraction_split(0.25, seed=2)[1], test)
    # A label with one recording stays in training.
    tiny = SpeechDataset([np.ones(4)] * 3, 8000, ["a", "a", "b"])
    train, test = tiny.fraction_split(0.5)
    assert tiny.labels[test].tolist() == ["a"] and "b" in tiny.labels[train]
    for bad in (0, 1, 1.5, -0.1):
        with pytest.raises(ValueError, match="test_fraction"):
            ds.fraction_split(bad)


def test_dataset_leaves_the_callers_arrays_writable():
    x = np.zeros(100)
    ds = SpeechDataset([x, x[::2]], 8000, ["a", "b"])
    x[0] = 1.0                                  # still the caller's to change
    assert ds.signals[0][0] == 0.0 and ds.signals[1][0] == 0.0
    assert not ds.signals[0].flags.writeable
    # a dataset's own read-only signals are shared, not copied, by subset
    assert ds.subset([0]).signals[0] is ds.signals[0]


def test_subset_keeps_every_field_in_order():
    ds = audio_like = _dataset()
    sub = ds.subset([5, 0, 7])
    assert sub.labels.tolist() == ds.labels[[5, 0, 7]].tolist()
    assert sub.index.tolist() == ds.index[[5, 0, 7]].tolist()
    assert sub.speakers.tolist() == ds.speakers[[5, 0, 7]].tolist()
    assert sub.signals[1] is audio_like.signals[0]
    mask = ds.labels == "2"
    assert len(ds.subset(mask)) == 18
    with pytest.raises(IndexError):
        ds.subset([72])
    with pytest.raises(TypeError):
        ds.subset([0.5])


def test_check_split_errors():
    labels = np.array(["a", "a", "b", "b", "c"])
    check_split(labels, [0, 2], [1, 3])
    with pytest.raises(ValueError, match=r"\['c'\]"):
        check_split(labels, [0, 2], [1, 4])
    with pytest.raises(ValueError, match="share"):
        check_split(labels, [0, 2, 3], [3, 1])
    with pytest.raises(ValueError, match="test is empty"):
        check_split(labels, [0, 2], [])
    with pytest.raises(ValueError, match="train is empty"):
        check_split(labels, np.zeros(5, bool), [0])
    with pytest.raises(IndexError, match="test"):
        check_split(labels, [0], [5])
