"""Engines beside the gate's own: Checkov, run as a subprocess from its own environment (docs/checkov.md).

``native`` is the gate's policy engine (gate.engine); ``checkov`` runs Checkov on the same inputs and maps its
checks into the gate's results, so that stages, waivers, baselines and reports treat both alike.
"""

from __future__ import annotations

NATIVE = "native"
CHECKOV = "checkov"
ENGINE_NAMES = (NATIVE, CHECKOV)
