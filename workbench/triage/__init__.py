"""Triage: what a rewrite changed against the reference, one function per signal, and their detectors."""
