"""Benchmarks and the scaled-data generator; never part of the test run's pass/fail."""
