"""Benchmarks and load tests; run them as modules (see bench/harness.py)."""
