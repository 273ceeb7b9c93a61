"""Benchmarks for ``make bench`` (``python -m benchmarks``); never run by the tests."""
