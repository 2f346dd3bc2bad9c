"""bilat: evidence-linked records of relations between states, from news text."""

__version__ = "0.1.0"

__all__ = ["__version__"]
