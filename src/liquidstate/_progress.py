"""Progress bars (tqdm, an optional extra) for long work."""

from __future__ import annotations


class _NoBar:
    """What :func:`progress_bar` gives when progress is off: a bar that shows nothing."""

    def update(self, n: int = 1) -> None:
        pass

    def set_postfix(self, **values) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> "_NoBar":
        return self

    def __exit__(self, *exc) -> None:
        pass


def progress_bar(enabled: bool, total: int, desc: str, unit: str):
    """A tqdm bar of ``total`` ``unit``s, or a bar that shows nothing when ``enabled`` is
    false (both are context managers that close the bar, so callers need no checks); tqdm is
    imported only when asked for, with an error naming the extra that provides it."""
    if not enabled:
        return _NoBar()
    try:
        from tqdm.auto import tqdm
    except ImportError:
        raise ImportError("progress=True needs tqdm: pip install 'liquidstate[progress]'") \
            from None
    return tqdm(total=total, desc=desc, unit=unit)
