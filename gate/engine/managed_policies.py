"""The ``managed_policy_statement`` helper: AWS managed policies attached by ARN, judged by what they grant.

An attachment names an AWS managed policy by its ARN (``arn:aws:iam::aws:policy/IAMFullAccess``, also with the
partition computed: ``arn:${data.aws_partition.p.partition}:...``, ``!Sub arn:${AWS::Partition}:...``). AWS
managed policies cannot be changed by customers, so what they grant is what AWS's managed policy reference says
(``aws_managed_policies.yaml``, data with a citation per policy); the helper judges those statements with the
criteria of ``iam_statement``, so IAMFullAccess attached to a role is judged as ``iam:*`` on ``*`` written inline.

Outcomes: true when some AWS managed policy named at ``attr`` is in the table and one of its statements matches.
ARNs of other policies (customer managed ones are judged where they are written) and ARNs that cannot be read
are false here: GATE-PERM-009 reports an attachment whose ARN is computed as unknown, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gate.engine.compare import partition_variants
from gate.engine.iam import IamStatementArgs, judge_documents
from gate.engine.outcome import Clue, Outcome
from gate.engine.paths import resolve, split_path
from gate.values import Unknown

if TYPE_CHECKING:
    from gate.engine.context import Context

TABLE = Path(__file__).with_name("aws_managed_policies.yaml")
_AWS_MANAGED = re.compile(r"^arn:aws[a-z-]*:iam::aws:policy/(?:[\w+=,.@-]+/)*([\w+=,.@-]+)$")


@dataclass(slots=True, kw_only=True)
class ManagedPolicyArgs(IamStatementArgs):
    """``attr``: the attributes holding managed policy ARNs (a string or a list); the other criteria are those
    of ``iam_statement``."""


@cache
def table() -> dict[str, dict[str, Any]]:
    """Each AWS managed policy's name -> its policy document (the statements the table records)."""
    import yaml

    raw = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    return {str(name): {"Version": "2012-10-17", "Statement": list(entry["statements"])} for name, entry in raw.items()}


def managed_name(value: Any) -> str | None:
    """The name of the AWS managed policy ``value`` (an ARN) names, when it names one whatever the partition."""
    texts = partition_variants(value) if isinstance(value, Unknown) else [value] if isinstance(value, str) else []
    names = {m.group(1) for m in (_AWS_MANAGED.match(t) for t in texts) if m}
    return names.pop() if len(names) == 1 else None


def managed_policy_statement(args: ManagedPolicyArgs, ctx: Context, node: Any, prefix: str) -> Outcome:
    """True when an AWS managed policy named at ``args.attr`` grants a statement matching every criterion."""
    documents = []
    for path in args.attr:
        for where, value in resolve(node, split_path(path), prefix):
            for item in value if isinstance(value, list) else [value]:
                name = managed_name(item)
                if name is not None and name in table():
                    documents.append((f"{where} (AWS managed policy {name})", table()[name]))
    if not documents:
        return Outcome(False, [Clue(args.attr[0], note="names no AWS managed policy that grants it")])
    return judge_documents(args, ctx, documents)
