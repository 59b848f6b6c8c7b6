"""Helpers of scripts/bench-ocr (Debian's /usr/bin/python3)."""
