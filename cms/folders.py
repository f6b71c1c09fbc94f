"""Writing a folder so that it appears whole or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replaced_whole(out: Path, *, mode: int | None = None) -> Iterator[Path]:
    """A new staging folder beside ``out`` to write into. When the block ends
    without an error it becomes ``out``, replacing what was there in one rename
    (the previous folder is put back if that fails); after an error it is
    removed and ``out`` is as it was. ``mode`` sets the folder's permissions
    (by default mkdtemp's 0700: only this user reads it)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    previous = out.parent / f"{staging.name}-previous"
    try:
        yield staging
        if mode is not None:
            staging.chmod(mode)
        if out.exists():
            out.rename(previous)
        os.rename(staging, out)
    except BaseException:
        if previous.exists() and not out.exists():
            previous.rename(out)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(previous, ignore_errors=True)
