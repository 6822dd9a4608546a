"""Venue and booking pages (one module each)."""
