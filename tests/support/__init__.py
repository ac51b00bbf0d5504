"""Shared helpers for the template's test tiers: rendering, running Go, serving the app."""
