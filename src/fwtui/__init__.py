"""fwtui: choose between deep-learning frameworks from a knowledge base you can read."""

__version__ = "0.1.0"
