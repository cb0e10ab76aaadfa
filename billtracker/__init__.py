"""billtracker: track bills that cut immigration enforcement off from state and local data."""

__version__ = "0.1.0"
