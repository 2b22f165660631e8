"""Gating: stage profiles, waivers, baselines and governance decide what each result does."""
