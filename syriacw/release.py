"""Transitional: report.py (split by another helper this round) imports apa and bibtex from here, and falls back
to a plainer citation if it cannot. They live in syriacw.releases.citation; point it there and delete this file."""
from .releases.citation import apa, bibtex

__all__ = ["apa", "bibtex"]
