"""The load benchmark behind `make bench` (see docs/benchmarks.md)."""
