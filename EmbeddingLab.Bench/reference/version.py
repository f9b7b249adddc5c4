"""Prints the version of a python package (for benchmark labels)."""
import importlib
import sys

print(importlib.import_module(sys.argv[1]).__version__)
