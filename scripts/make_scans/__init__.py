"""Synthetic scan generator for hoso (scripts/make-scans)."""
