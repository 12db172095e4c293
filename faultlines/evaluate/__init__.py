"""Evaluation: scoring faultlines against annotated data (re3d), for docs/benchmarks.md and the gate."""
