"""Reusable explorer widgets; each one's look lives in its DEFAULT_CSS."""
