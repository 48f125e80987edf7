"""One build at a time: an advisory lock on a file beside the folder a build writes (dataset/.tables.lock), held
from reading the inputs to the last write. A second build finds it held and stops with a message."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path


class BuildRunning(Exception):
    pass


@contextmanager
def folder_lock(out_dir: Path):
    """Hold the lock of `out_dir` (created beside it) or raise BuildRunning; released when the block ends, and by
    the system if the process dies."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    path = out_dir.with_name(f".{out_dir.name}.lock")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not _try_lock(fd):
            raise BuildRunning(f"another build is running (it holds {path}); wait for it to finish")
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
