"""The real Checkov on a tree that tries to configure it (docs/security.md): a ``.checkov.yaml`` in the scanned
folder, in the scan root and in a home folder, a folder of custom checks, and ``CKV_`` variables. None of them
may change what Checkov reports: the gate runs it with ``--directory=PATH`` (Checkov reads the scanned folder's
``.checkov.yaml`` only after a separate ``-d``/``--directory``), an empty private working and home folder, and an
allow-listed environment."""

from __future__ import annotations

import os
from pathlib import Path

from gate.checkov.runner import scan
from gate.loaders.inputs import Display, load_inputs
from gate.model import Status
from gate.options import ScanOptions

OPEN_SSH = """resource "aws_security_group" "web" {
  description = "web"
  ingress {
    description = "ssh"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"""
SKIP_ALL = (
    "skip-check:\n  - CKV_AWS_24\n  - CKV_AWS_*\n  - CKV2_AWS_*\nsoft-fail: true\nexternal-checks-dir:\n  - checks\n"
)
# A custom check that would run code from the tree if Checkov loaded the folder.
PLANTED_CHECK = "import pathlib\npathlib.Path(__file__).with_name('RAN').write_text('ran')\n"


def test_a_tree_cannot_configure_the_real_checkov(tmp_path: Path, checkov: str) -> None:
    root = tmp_path / "repo"
    (root / "checks").mkdir(parents=True)
    (root / "main.tf").write_text(OPEN_SSH, encoding="utf-8")
    (root / ".checkov.yaml").write_text(SKIP_ALL, encoding="utf-8")
    (root / ".checkov.yml").write_text(SKIP_ALL, encoding="utf-8")
    (root / "checks" / "__init__.py").write_text(PLANTED_CHECK, encoding="utf-8")
    (root / "checks" / "planted.py").write_text(PLANTED_CHECK, encoding="utf-8")
    loaded = load_inputs(ScanOptions(paths=[root], cwd=root, parse_cache=False, environ={}), Display(root))
    environ = {
        **os.environ,
        "POLICY_GATE_CHECKOV": checkov,
        "HOME": str(root),
        "CKV_SKIP_CHECK": "CKV_AWS_24",
        "CKV_EXTERNAL_CHECKS_DIR": str(root / "checks"),
    }
    run = scan(loaded.resources, root, environ=environ)
    failed = {r.policy_id for r in run.results if r.status is Status.FAILED}
    assert "CKV_AWS_24" in failed, run.results  # Checkov's "no SSH from 0.0.0.0/0"
    assert not (root / "checks" / "RAN").exists()
