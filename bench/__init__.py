"""Benchmarks (see README.md) and the fake Bot API they share with the tests."""

import bot  # noqa: F401  (before aiogram, as in `python -m bot`: its models are built on first use)
