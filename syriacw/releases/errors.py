"""The two ways a release can fail: a released file that differs from its record, and a release refused."""


class TamperedRelease(Exception):
    """A released file does not match its recorded checksum (or is missing)."""


class ReleaseRefused(Exception):
    """The release cannot be made as asked; nothing was written."""


class ReleaseInterrupted(Exception):
    """The release folder was written but the repository's files were not all brought in step; running the same
    release command again completes it."""
