"""Benchmarks (see README.md) and the fake Bot API they share with the tests."""
