"""mops: marketing operations as files, commands and checks."""

__version__ = "0.1.0"
