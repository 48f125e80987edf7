"""One build at a time: an advisory lock (flock) on the folder that holds the tables folder (dataset/), held from
reading the inputs to the last write. Locking the folder itself leaves no lock file behind. A second build finds it
held and stops with a message. Where flock does not exist (Windows) builds are not kept apart."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path


class BuildRunning(Exception):
    pass


@contextmanager
def folder_lock(out_dir: Path):
    """Hold the lock of `out_dir`'s parent folder (created if needed) or raise BuildRunning; released when the block
    ends, and by the system if the process dies."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    parent = Path(out_dir).parent
    parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildRunning(f"another build is running (it holds a lock on {parent}); wait for it to finish") \
                from None
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
