"""workbench: a terminal fact-checking workbench for several versions of one news story."""

__version__ = "0.1.0"
