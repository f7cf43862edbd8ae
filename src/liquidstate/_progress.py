"""Progress bars (tqdm, an optional extra) for long work."""

from __future__ import annotations


def progress_bar(enabled: bool, total: int, desc: str, unit: str):
    """A tqdm bar of ``total`` ``unit``s, or None when ``enabled`` is false; tqdm is
    imported only when asked for, with an error naming the extra that provides it."""
    if not enabled:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        raise ImportError("progress=True needs tqdm: pip install 'liquidstate[progress]'") \
            from None
    return tqdm(total=total, desc=desc, unit=unit)
