"""xiaoneng (效能): government service efficiency and supervision platform."""

__version__ = "0.1.0"
