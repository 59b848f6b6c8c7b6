"""Helpers of scripts/bench-dedup."""
