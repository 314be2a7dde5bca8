"""publish: one Markdown manuscript, every accessible edition, checked."""

__version__ = "0.1.0"
