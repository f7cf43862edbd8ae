"""Tests of the auditory front end: ERB scale, gammatone filters, cochleagram, mel path."""

import sys

import numpy as np
import pytest
from scipy import signal as sps
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import make_pipeline

import liquidstate as ls
from liquidstate.encoders import (AuditoryFrontEnd, BSAEncoder, DeltaEncoder,
                                  ThresholdLevelsEncoder, auditory, cochleagram, erb,
                                  erb_space, gammatone_sos, trim_silence)

FS = 8000


def _tone(f, seconds=1.0, fs=FS, amplitude=1.0):
    t = np.arange(round(seconds * fs)) / fs
    return amplitude * np.sin(2 * np.pi * f * t)


def _gm_erb_rate(f):
    """Glasberg & Moore (1990), written out independently: 21.4 log10(4.37 f / 1000 + 1)."""
    return 21.4 * np.log10(4.37 * np.asarray(f) / 1000 + 1)


# =============================================================================== ERB scale
def test_erb_known_values():
    # 24.7 (4.37 f / 1000 + 1): 24.7 Hz at 0, 132.639 Hz at 1 kHz
    np.testing.assert_allclose(erb([0.0, 1000.0]), [24.7, 132.639], rtol=1e-12)


def test_erb_space_matches_glasberg_moore():
    f = erb_space(100.0, 3600.0, 32)
    assert f.shape == (32,) and f[0] == 100.0 and f[-1] == 3600.0
    e = _gm_erb_rate(f)
    np.testing.assert_allclose(np.diff(e), (e[-1] - e[0]) / 31, rtol=1e-10)   # equal steps
    np.testing.assert_allclose(e[[0, -1]], _gm_erb_rate([100.0, 3600.0]), rtol=1e-12)
    assert np.all(np.diff(f) > 0)
    # 15.62 ERBs below 1 kHz; 22.81 between 100 Hz and 3.6 kHz, so 32 bands are 0.74 apart
    assert _gm_erb_rate(1000.0) == pytest.approx(15.62, abs=0.005)
    assert e[-1] - e[0] == pytest.approx(22.81, abs=0.005)
    np.testing.assert_array_equal(erb_space(50.0, 5000.0, 1), [50.0])
    np.testing.assert_allclose(erb_space(50.0, 5000.0, 2), [50.0, 5000.0])


def test_erb_space_errors():
    with pytest.raises(ValueError, match="n_bands must be a positive int"):
        erb_space(100, 1000, 0)
    with pytest.raises(TypeError, match="n_bands must be a positive int"):
        erb_space(100, 1000, 2.5)
    with pytest.raises(ValueError, match="f_max must be > f_min"):
        erb_space(1000, 100, 4)
    with pytest.raises(ValueError, match="f_min must be finite and > 0"):
        erb_space(0.0, 100, 4)
    with pytest.raises(ValueError, match="f_max must be finite and > 0"):
        erb_space(10.0, np.nan, 4)


# =============================================================================== gammatone
@pytest.mark.parametrize("fs", [8000, 16000])
def test_gammatone_peak_at_centre_and_erb_bandwidth(fs):
    fc = erb_space(100.0, 0.3 * fs, 8)
    sos = gammatone_sos(fc, fs)
    assert sos.shape == (8, 4, 6)
    grid = np.linspace(1.0, fs / 2 - 1.0, 40001)
    step = grid[1] - grid[0]
    for k, f in enumerate(fc):
        _, h = sps.sosfreqz(sos[k], grid, fs=fs)
        m = np.abs(h)
        # gain 1 (0 dB) at the centre, and the peak there
        _, hc = sps.sosfreqz(sos[k], [f], fs=fs)
        assert abs(abs(hc[0]) - 1.0) < 1e-6
        assert abs(grid[np.argmax(m)] - f) < max(0.005 * f, 2 * step)
        assert m.max() < 1.0 + 1e-3
        # -3 dB bandwidth of a 4th-order gammatone: 2 * 1.019 ERB sqrt(2^(1/4) - 1)
        band = grid[m >= m.max() / np.sqrt(2)]
        bw3 = band.max() - band.min()
        expected = 2 * 1.019 * erb(f) * np.sqrt(2 ** 0.25 - 1)          # = 0.887 ERB(f)
        assert abs(bw3 / expected - 1) < 0.03, (f, bw3, expected)
        # and its equivalent rectangular bandwidth is the ERB of Glasberg & Moore
        erb_filter = np.sum(m ** 2) * step / m.max() ** 2
        assert abs(erb_filter / erb(f) - 1) < 0.02, (f, erb_filter, erb(f))


def test_gammatone_sections_are_scipys_filter():
    # the refactoring into sections keeps SciPy's transfer function: every section has the
    # gammatone's pole pair, 1 - 2 cos(w) exp(-B) z^-1 + exp(-2B) z^-2 with w = 2 pi f / fs,
    # B = 2 pi 1.019 ERB(f) / fs (Slaney's ERB = 24.7 + f / 9.26449, as SciPy has it: 1 in
    # 1e7 from Glasberg & Moore's 4.37e-3 * 24.7), and the numerators multiply to SciPy's
    for fs, f in [(8000, 100.0), (8000, 1000.0), (8000, 3000.0), (16000, 440.0)]:
        b, a = sps.gammatone(f, "iir", fs=fs)
        sos = gammatone_sos([f], fs)[0]
        w, B = 2 * np.pi * f / fs, 2 * np.pi * 1.019 * (24.7 + f / 9.26449) / fs
        pair = [1.0, -2 * np.cos(w) * np.exp(-B), np.exp(-2 * B)]
        np.testing.assert_allclose(sos[:, 3:], np.tile(pair, (4, 1)), rtol=1e-12, atol=1e-15)
        num = sos[0, :3]
        for k in range(1, 4):
            num = np.polymul(num, sos[k, :3])
        np.testing.assert_allclose(np.trim_zeros(num, "b"), np.trim_zeros(b, "b"),
                                   rtol=1e-9, atol=1e-12 * np.abs(b).max())
    # where the direct form is well conditioned, both filter alike
    b, a = sps.gammatone(1000.0, "iir", fs=8000)
    x = np.random.default_rng(0).standard_normal(2000)
    y = sps.lfilter(b, a, x)
    np.testing.assert_allclose(sps.sosfilt(gammatone_sos([1000.0], 8000)[0], x), y,
                               atol=1e-9 * np.abs(y).max())


def test_gammatone_low_band_at_high_rate_is_stable():
    # 100 Hz at 44.1 kHz: four equal pole pairs at radius 0.995; in direct form lfilter
    # diverges, the sections do not
    sos = gammatone_sos([100.0], 44100)[0]
    assert np.all(np.abs(sps.sos2zpk(sos)[1]) < 1)
    _, hc = sps.sosfreqz(sos, [100.0], fs=44100)
    assert abs(abs(hc[0]) - 1) < 1e-6
    impulse = np.zeros(44100)
    impulse[0] = 1.0
    y = sps.sosfilt(sos, impulse)
    assert np.abs(y[-4410:]).max() < 1e-6 * np.abs(y).max()


def test_gammatone_sos_errors():
    with pytest.raises(ValueError, match=r"center_frequencies must lie in \(0, 4000\) Hz"):
        gammatone_sos([100.0, 4000.0], 8000)
    with pytest.raises(ValueError, match="center_frequencies must be a non-empty 1-D"):
        gammatone_sos([], 8000)
    with pytest.raises(ValueError, match="sample_rate must be finite and > 0"):
        gammatone_sos([100.0], -1)


# =============================================================================== cochleagram
def test_envelopes_equal_a_scipy_reference():
    # the compiled pass = sosfilt per band, rectify, Butterworth low-pass, mean per row; at
    # 11025 Hz a 1 ms row is 11.025 samples, so rows hold 11 or 12 samples
    fs, dt = 11025, 1e-3
    x = np.random.default_rng(1).standard_normal(3000)
    got = cochleagram(x, fs, n_bands=6, dt=dt, compression=None, normalise=None)
    fc = erb_space(100.0, 0.45 * fs, 6)
    bank = gammatone_sos(fc, fs)
    lowpass = sps.butter(4, 40.0, fs=fs, output="sos")
    n_rows = int(np.ceil(3000 / 11.025))
    assert got.shape == (n_rows, 6)
    bounds = np.minimum(np.ceil(np.arange(n_rows + 1) * 11.025 - 1e-9).astype(int), 3000)
    for k in range(6):
        env = sps.sosfilt(lowpass, np.maximum(sps.sosfilt(bank[k], x), 0.0))
        means = [env[bounds[r]:bounds[r + 1]].mean() for r in range(n_rows)]
        np.testing.assert_allclose(got[:, k], np.maximum(means, 0.0), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("f", [300.0, 1000.0, 2500.0])
def test_pure_tone_drives_the_nearest_band(f):
    fc = erb_space(100.0, 3600.0, 32)
    c = cochleagram(_tone(f, 0.5), FS, compression=None, normalise=None)
    level = c[200:].mean(axis=0)
    nearest = np.argmin(np.abs(_gm_erb_rate(fc) - _gm_erb_rate(f)))
    assert np.argmax(level) == nearest
    # bands 3 or more ERB-rate steps (about 2 ERBs) away get under a tenth of it
    far = np.abs(np.arange(32) - nearest) >= 3
    assert level[far].max() < 0.1 * level[nearest]


def test_tone_at_a_centre_gives_the_rectified_mean():
    # gain 1 at f_k: a sine of amplitude A gives the mean of its half-wave rectification,
    # A / pi, once the envelope filter has settled; the 40 Hz low-pass leaves little ripple
    fc = erb_space(100.0, 3600.0, 32)
    for k in (0, 12, 25):
        c = cochleagram(_tone(fc[k], 1.0, amplitude=0.5), FS, compression=None,
                        normalise=None)
        steady = c[300:, k]
        np.testing.assert_allclose(steady.mean(), 0.5 / np.pi, rtol=2e-3)
        assert np.ptp(steady) < 0.1 * steady.mean()


def test_envelope_follows_amplitude_modulation():
    fc = erb_space(100.0, 3600.0, 32)
    k = int(np.argmin(np.abs(fc - 1000.0)))
    depth, fm = 0.5, 5.0
    t = np.arange(FS) / FS
    x = (1 + depth * np.sin(2 * np.pi * fm * t)) * np.sin(2 * np.pi * fc[k] * t)
    env = cochleagram(x, FS, compression=None, normalise=None)[:, k]
    target = 1 + depth * np.sin(2 * np.pi * fm * np.arange(1000) * 1e-3)
    # the envelope is the modulation delayed by the filters (about 15 ms)
    corr = [np.corrcoef(env[100 + lag:], target[100:1000 - lag])[0, 1] for lag in range(40)]
    assert max(corr) > 0.999
    assert 5 <= int(np.argmax(corr)) <= 30
    ratio = env[200:].max() / env[200:].min()
    assert abs(ratio - (1 + depth) / (1 - depth)) < 0.1


def test_output_rows_for_variable_lengths():
    fe = AuditoryFrontEnd(sample_rate=FS, n_bands=8).fit()
    g = np.random.default_rng(2)
    lengths = [1, 7, 8, 9, 3600, 3601]
    out = fe.transform([g.standard_normal(n) for n in lengths])
    assert [o.shape for o in out] == [(1, 8), (1, 8), (1, 8), (2, 8), (450, 8), (451, 8)]
    for o in out:
        assert np.all(np.isfinite(o)) and o.min() >= 0.0 and o.max() <= 1.0
    # 10 ms rows: ceil(n / 80)
    c = cochleagram(g.standard_normal(801), FS, dt=0.01)
    assert c.shape == (11, 32)


@pytest.mark.parametrize("filterbank", ["gammatone", "mel"])
@pytest.mark.parametrize("compression", ["log", "cuberoot", None])
def test_normalisation_removes_loudness(filterbank, compression):
    x = np.random.default_rng(3).standard_normal(2000) * np.hanning(2000)
    a = cochleagram(x, FS, filterbank=filterbank, compression=compression)
    b = cochleagram(10 * x, FS, filterbank=filterbank, compression=compression)
    np.testing.assert_allclose(a, b, atol=1e-9)
    assert a.min() >= 0.0 and a.max() == 1.0
    # without normalisation loudness stays
    u = cochleagram(x, FS, filterbank=filterbank, compression=compression, normalise=None)
    v = cochleagram(10 * x, FS, filterbank=filterbank, compression=compression,
                    normalise=None)
    assert np.all(v >= u - 1e-12) and v.sum() > 1.1 * u.sum()


def test_normalisation_reference_and_compression_formulas():
    x = np.random.default_rng(4).standard_normal(1600)
    raw = cochleagram(x, FS, compression=None, normalise=None)
    ref = np.percentile(raw, 99.0)
    lin = cochleagram(x, FS, compression=None)
    np.testing.assert_allclose(lin, np.minimum(raw / ref, 1.0), rtol=1e-12)
    assert np.mean(lin == 1.0) == pytest.approx(0.01, abs=0.002)   # the top 1% clipped
    top = cochleagram(x, FS, compression=None, percentile=100.0)
    np.testing.assert_allclose(top, raw / raw.max(), rtol=1e-12)
    eps = 1e-2
    np.testing.assert_allclose(cochleagram(x, FS, log_eps=eps),
                               np.log1p(lin / eps) / np.log1p(1 / eps), rtol=1e-12)
    np.testing.assert_allclose(cochleagram(x, FS, compression="cuberoot"), np.cbrt(lin),
                               rtol=1e-12)


def test_silence_gives_zeros():
    for fb in ("gammatone", "mel"):
        c = cochleagram(np.zeros(800), FS, filterbank=fb)
        assert c.shape == (100, 32) and np.all(c == 0.0)


def test_short_sound_in_long_silence_is_not_zeroed():
    # 50 ms of tone in 10 s of digital silence: under 1% of the mel envelope is above 0, so
    # its 99th percentile is 0; the sound must still come through (scaled by its peak).
    x = np.zeros(10 * FS)
    x[4000:4400] = np.sin(2 * np.pi * 1000 * np.arange(400) / FS) * np.hanning(400)
    raw = cochleagram(x, FS, filterbank="mel", normalise=None, compression=None)
    assert np.percentile(raw, 99.0) == 0.0 and raw.max() > 0.0
    c = cochleagram(x, FS, filterbank="mel", compression=None)
    np.testing.assert_allclose(c, raw / raw.max(), rtol=1e-12)
    assert c.max() == 1.0


# ---------------------------------------------------------------------- silence trimming
def _padded_tone(lead: int = 800, n: int = 4000, trail: int = 1200, noise: float = 0.0):
    rng = np.random.default_rng(0)
    tone = 0.5 * np.sin(2 * np.pi * 440 * np.arange(n) / FS)
    x = np.concatenate([np.zeros(lead), tone, np.zeros(trail)])
    return x + noise * rng.standard_normal(x.size)


def test_trim_silence_cuts_leading_and_trailing_silence_only():
    pytest.importorskip("librosa")
    x = _padded_tone()
    y = trim_silence(x, FS)
    # frames of 256 samples every 64: the cut lies within a frame of the tone's edges
    assert np.shares_memory(y, x)                                 # a view, no copy
    start = (y.__array_interface__["data"][0] - x.__array_interface__["data"][0]) // 8
    assert 800 - 256 <= start <= 800 and 4000 <= y.size <= 4000 + 2 * 256
    np.testing.assert_array_equal(y, x[start:start + y.size])
    # silence inside the sound is kept: two tones with a 0.2 s gap
    gap = np.concatenate([x, np.zeros(1600), x])
    assert trim_silence(gap, FS).size >= 2 * 4000 + 1600 + 800 + 1200 - 2 * 256
    # noise 30 dB below the tone is silence at 20 dB, sound at 40 dB
    noisy = _padded_tone(noise=0.5 / np.sqrt(2) * 10 ** (-30 / 20))
    assert trim_silence(noisy, FS, top_db=20).size < 4600
    assert trim_silence(noisy, FS, top_db=40).size == noisy.size
    # a silent signal and a tone without silence come back whole
    assert trim_silence(np.zeros(500), FS).size == 500
    tone = x[800:4800]
    assert trim_silence(tone, FS).size == tone.size


def test_trim_silence_scales_its_frames_with_the_rate():
    pytest.importorskip("librosa")
    x8 = _padded_tone()
    x16 = sps.resample_poly(x8, 2, 1)
    a, b = trim_silence(x8, FS).size / FS, trim_silence(x16, 2 * FS).size / (2 * FS)
    assert abs(a - b) < 0.008 + 1e-9                             # within one hop


def test_front_end_trims_before_the_filterbank():
    pytest.importorskip("librosa")
    x = _padded_tone()
    for fb in ("gammatone", "mel"):
        trimmed = cochleagram(x, FS, filterbank=fb, trim_db=20.0)
        np.testing.assert_array_equal(
            trimmed, cochleagram(trim_silence(x, FS, top_db=20.0), FS, filterbank=fb))
        assert trimmed.shape[0] < cochleagram(x, FS, filterbank=fb).shape[0]
    front = AuditoryFrontEnd(trim_db=30.0).fit()
    assert front.get_params()["trim_db"] == 30.0
    np.testing.assert_array_equal(front.transform([x])[0], cochleagram(x, FS, trim_db=30.0))
    # resampling happens after trimming, at the input rate
    r = cochleagram(x, FS, trim_db=20.0, resample_to=16000)
    assert r.shape == cochleagram(trim_silence(x, FS), FS, resample_to=16000).shape


def test_none_as_a_string_is_none():
    x = _padded_tone()
    np.testing.assert_array_equal(
        cochleagram(x, FS, compression="none", normalise="none"),
        cochleagram(x, FS, compression=None, normalise=None))
    AuditoryFrontEnd(compression="none").fit()


def test_trim_errors_name_the_argument(monkeypatch):
    for bad, error in [(0.0, ValueError), (-3.0, ValueError), (np.inf, ValueError),
                       ("20", TypeError), (True, TypeError)]:
        with pytest.raises(error, match="top_db"):
            trim_silence(np.ones(100), FS, top_db=bad)
        with pytest.raises(error, match="trim_db"):
            cochleagram(np.ones(100), FS, trim_db=bad)
    with pytest.raises(ValueError, match="signal contains NaN"):
        trim_silence(np.array([0.0, np.nan]), FS)
    with pytest.raises(ValueError, match="signal is empty"):
        trim_silence(np.array([]), FS)
    with pytest.raises(ValueError, match="sample_rate"):
        trim_silence(np.ones(10), 0)
    monkeypatch.setitem(sys.modules, "librosa", None)
    with pytest.raises(ImportError, match=r"trim_silence needs librosa.*liquidstate\[audio\]"):
        cochleagram(np.ones(100), FS, trim_db=20.0)


def test_mel_path_agrees_with_librosa():
    librosa = pytest.importorskip("librosa")
    x = np.random.default_rng(5).standard_normal(3601)
    got = cochleagram(x, FS, filterbank="mel", compression=None, normalise=None)
    assert got.shape == (451, 32)
    ref = librosa.feature.melspectrogram(y=x, sr=FS, n_fft=256, hop_length=8, n_mels=32,
                                         fmin=100.0, fmax=3600.0, dtype=np.float64)
    np.testing.assert_allclose(got ** 2, ref.T[:451], rtol=1e-8, atol=1e-10 * ref.max())
    # other settings: 10 ms hop, explicit n_fft, up to Nyquist
    got = cochleagram(x, FS, filterbank="mel", n_bands=20, dt=0.01, n_fft=400, f_min=50.0,
                      f_max=4000.0, compression=None, normalise=None)
    ref = librosa.feature.melspectrogram(y=x, sr=FS, n_fft=400, hop_length=80, n_mels=20,
                                         fmin=50.0, fmax=4000.0, dtype=np.float64)
    assert got.shape == (46, 20)
    np.testing.assert_allclose(got ** 2, ref.T[:46], rtol=1e-8, atol=1e-10 * ref.max())


def test_mel_tone_drives_its_band():
    pytest.importorskip("librosa")
    fe = AuditoryFrontEnd(filterbank="mel").fit()
    c = fe.transform([_tone(1000.0, 0.3)])[0]
    k = np.argmax(c[20:-20].mean(axis=0))
    assert abs(fe.center_frequencies_[k] - 1000.0) < 60.0


def test_resampling():
    # a 1 kHz tone recorded at 16 kHz, brought to 8 kHz, looks like the one at 8 kHz
    win16, win8 = np.hanning(16000), np.hanning(8000)
    a = cochleagram(_tone(1000.0, fs=16000) * win16, 16000, resample_to=8000)
    b = cochleagram(_tone(1000.0) * win8, FS)
    assert a.shape == b.shape == (1000, 32)
    assert np.abs(a - b).max() < 0.01
    # 44.1 kHz to 8 kHz (ratio 80 / 441); 441 samples are 80 at 8 kHz: 10 rows
    c = cochleagram(np.random.default_rng(6).standard_normal(441), 44100, resample_to=8000)
    assert c.shape == (10, 32)
    # resample_to equal to the rate is no resampling; f_max defaults to 0.45 of the new rate
    x = _tone(500.0, 0.2)
    np.testing.assert_array_equal(cochleagram(x, FS, resample_to=8000), cochleagram(x, FS))
    fe = AuditoryFrontEnd(sample_rate=16000, resample_to=8000).fit()
    assert fe.sample_rate_ == 8000 and fe.center_frequencies_[-1] == 3600.0


# =============================================================================== transformer
def test_front_end_sklearn():
    fe = AuditoryFrontEnd(n_bands=16)
    params = fe.get_params()
    assert params["sample_rate"] == 8000 and params["filterbank"] == "gammatone"
    with pytest.raises(NotFittedError):
        fe.transform([np.zeros(10)])
    signals = [_tone(440.0, 0.1), _tone(880.0, 0.05)]
    out = fe.fit_transform(signals)
    np.testing.assert_array_equal(fe.center_frequencies_, erb_space(100.0, 3600.0, 16))
    assert [o.shape for o in out] == [(100, 16), (50, 16)]
    for o, x in zip(out, signals):
        np.testing.assert_array_equal(o, cochleagram(x, FS, n_bands=16))
    c = clone(fe).set_params(compression="cuberoot", n_bands=8)
    assert c.fit_transform(signals)[0].shape == (100, 8)
    # a 2-D array is one signal per row
    two = fe.transform(np.stack([signals[1], signals[1]]))
    np.testing.assert_array_equal(two[0], out[1])


def test_front_end_feeds_the_encoders_and_the_liquid():
    signals = [_tone(440.0, 0.06), _tone(1200.0, 0.04)]
    for enc, per_band in [(ThresholdLevelsEncoder(n_levels=3), 6), (DeltaEncoder(), 2),
                          (BSAEncoder(), 1)]:
        spikes = make_pipeline(AuditoryFrontEnd(n_bands=4), enc).fit_transform(signals)
        assert spikes.n_channels == 4 * per_band
        np.testing.assert_allclose(spikes.durations, [0.06, 0.04])
        assert spikes.n_events > 0
    net = ls.maass2002((3, 3, 3), n_inputs=spikes.n_channels, seed=0)
    assert ls.simulate(net, spikes).spikes.n_samples == 2


def test_fsdd_recordings_if_present(fsdd_dir):
    folder = fsdd_dir / "recordings"
    sf = pytest.importorskip("soundfile")
    signals = []
    for f in sorted(folder.glob("3_*_0.wav"))[:2]:
        x, rate = sf.read(f)
        assert rate == FS
        signals.append(x)
    assert signals
    for x, c in zip(signals, AuditoryFrontEnd().fit().transform(signals)):
        assert c.shape == (int(np.ceil(x.size / 8)), 32)
        assert c.min() >= 0.0 and c.max() == 1.0


# =============================================================================== errors
def test_signal_errors():
    with pytest.raises(ValueError, match="signal contains NaN or inf"):
        cochleagram(np.array([0.0, np.nan, 1.0]), FS)
    with pytest.raises(ValueError, match="signal contains NaN or inf"):
        cochleagram(np.array([0.0, np.inf]), FS)
    with pytest.raises(ValueError, match=r"signal must be a 1-D array.*\(100, 2\).*mean"):
        cochleagram(np.zeros((100, 2)), FS)
    with pytest.raises(ValueError, match=r"signal is empty \(0 samples\)"):
        cochleagram(np.zeros(0), FS)
    with pytest.raises(TypeError, match="signal must be real-valued"):
        cochleagram(np.zeros(10, dtype=complex), FS)
    with pytest.raises(TypeError, match="signal must be a 1-D array"):
        cochleagram(["a", "b"], FS)
    fe = AuditoryFrontEnd().fit()
    with pytest.raises(ValueError, match=r"X\[1\] contains NaN"):
        fe.transform([np.zeros(10), np.full(10, np.nan)])
    with pytest.raises(ValueError, match=r"X\[0\] is empty"):
        fe.transform([np.zeros(0)])
    with pytest.raises(ValueError, match=r"one 1-D array.*pass \[X\]"):
        fe.transform(np.zeros(10))
    with pytest.raises(ValueError, match=r"list of numbers.*pass \[X\]"):
        fe.transform([0.0, 1.0])
    # a mono or stereo column as soundfile's always_2d returns it is not 800 tiny signals
    for shape in [(800, 1), (800, 2)]:
        with pytest.raises(ValueError, match=r"looks like one recording \(n_samples"):
            fe.transform(np.zeros(shape))
    with pytest.raises(ValueError, match="at least one signal"):
        fe.transform([])
    with pytest.raises(TypeError, match="X must be a list of 1-D signals"):
        fe.transform("audio.wav")


@pytest.mark.parametrize("kwargs, error, match", [
    ({"n_bands": 0}, ValueError, "n_bands must be a positive int"),
    ({"f_max": 4000.0}, ValueError, "f_max must be < the Nyquist frequency 4000 Hz"),
    ({"f_max": 5000.0, "filterbank": "mel"}, ValueError,
     "f_max must be <= the Nyquist frequency 4000 Hz"),
    ({"f_min": 3000.0, "f_max": 2000.0}, ValueError, "f_min must be < f_max"),
    ({"f_min": -1.0}, ValueError, "f_min must be finite and > 0"),
    ({"dt": 1e-4}, ValueError, "dt must be at least one sample period"),
    ({"dt": 0.0}, ValueError, "dt must be finite and > 0"),
    ({"dt": 1.5e-3 + 1e-5, "filterbank": "mel"}, ValueError,
     "mel filterbank needs dt \\* sample_rate to be a whole number"),
    ({"filterbank": "lyon"}, ValueError, "filterbank must be one of"),
    ({"compression": "sqrt"}, ValueError, "compression must be one of"),
    ({"normalise": "speaker"}, ValueError, "normalise must be one of"),
    ({"normalise": 1}, TypeError, "normalise must be one of"),
    ({"percentile": 0.0}, ValueError, r"percentile must lie in \(0, 100\]"),
    ({"log_eps": 0.0}, ValueError, "log_eps must be finite and > 0"),
    ({"envelope_cutoff": 4000.0}, ValueError, "envelope_cutoff must be < the Nyquist"),
    ({"resample_to": 8000.5}, ValueError, "resampling needs whole-number rates"),
    ({"resample_to": -8000}, ValueError, "resample_to must be finite and > 0"),
    ({"n_fft": 0, "filterbank": "mel"}, ValueError, "n_fft must be a positive int"),
])
def test_parameter_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        cochleagram(np.zeros(100), FS, **kwargs)
    with pytest.raises(error, match=match):
        AuditoryFrontEnd(**kwargs).fit()


def test_sample_rate_errors():
    with pytest.raises(ValueError, match="sample_rate must be finite and > 0"):
        cochleagram(np.zeros(10), 0)
    with pytest.raises(TypeError, match=r"sample_rate must be a real number \(Hz\)"):
        cochleagram(np.zeros(10), "8000")
    # f_max is checked against the working rate: 3.6 kHz is fine at 8 kHz, not at 6 kHz
    with pytest.raises(ValueError, match="f_max must be < the Nyquist frequency 3000 Hz"):
        cochleagram(np.zeros(10), FS, f_max=3600.0, resample_to=6000)


def test_mel_without_librosa_names_the_extra(monkeypatch):
    auditory._mel_design.cache_clear()
    monkeypatch.setitem(sys.modules, "librosa", None)   # import librosa -> ImportError
    try:
        with pytest.raises(ImportError, match=r"liquidstate\[audio\]"):
            cochleagram(np.zeros(100), FS, filterbank="mel")
        cochleagram(np.zeros(100), FS)                  # gammatone needs only SciPy
    finally:
        auditory._mel_design.cache_clear()
