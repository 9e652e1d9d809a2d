"""Extract Finnish grant-plan documents into a checked SQLite corpus."""

__version__ = "0.1.0"
