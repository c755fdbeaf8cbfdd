"""geokg: geopolitical knowledge graphs from news."""

__version__ = "0.1.0"
