"""Driven ports."""
