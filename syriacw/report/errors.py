"""The one error the report raises when it cannot be made truthfully."""


class ReportError(Exception):
    """The report cannot be made truthfully (a document differs from its checksum, a quote from its text, …)."""
