"""The ``s3_acl_shared`` helper: does an S3 access control list grant access to another AWS account?

An ACL grantee is a group (``uri``: AllUsers and AuthenticatedUsers are public, judged by GATE-PERM-001; the Log
Delivery group is S3's own), an account by its canonical user id (``type = "CanonicalUser"``, ``id``), or an
account by the e-mail address of its root user (``type = "AmazonCustomerByEmail"``; Amazon S3 User Guide,
"Access control list (ACL) overview", "Who is a grantee?"). A canonical user id cannot be mapped to an account from
the code, so a grant to one is a share unless it is the ACL's own ``owner`` (the bucket owner), the deploying
account's (``data.aws_canonical_user_id``) or listed in ``approved_canonical_users`` (``gate.engine.shared_with``);
an e-mail address can never be checked, so a grant to one is always reported.

Grants are read where Terraform writes them: ``access_control_policy.grant.grantee`` of ``aws_s3_bucket_acl``
(with ``access_control_policy.owner.id``), and the ``grant`` blocks of the legacy ``aws_s3_bucket`` and of
``aws_s3_object_copy`` (``type``, ``id``, ``email``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gate.engine.outcome import Clue, Outcome, any_of
from gate.engine.paths import resolve, split_path
from gate.engine.shared_with import Approved, canonical_ids
from gate.schema import FORBID
from gate.values import Unknown

if TYPE_CHECKING:
    from gate.engine.context import Context

_EMAIL = "amazoncustomerbyemail"
_CANONICAL = "canonicaluser"


@dataclass(slots=True, kw_only=True)
class S3AclSharedArgs:
    """No arguments: the grants are read from every place Terraform writes them."""

    __pydantic_config__ = FORBID


def _grantees(node: Any, prefix: str) -> list[tuple[str, Any]]:
    found = list(resolve(node, split_path("access_control_policy.grant.grantee"), prefix))
    found += list(resolve(node, split_path("grant"), prefix))
    grantees: list[tuple[str, Any]] = []
    for where, value in found:  # a block is a list of one mapping
        items = value if isinstance(value, list) else [value]
        grantees += [(f"{where}[{i}]" if isinstance(value, list) else where, v) for i, v in enumerate(items)]
    return [(where, value) for where, value in grantees if value is not None]


def _judge(grantee: Any, owner: Any, approved: Approved) -> tuple[bool | None, str]:
    if isinstance(grantee, Unknown) or not isinstance(grantee, dict):
        return (None, "") if isinstance(grantee, Unknown) else (False, "")
    kind = grantee.get("type")
    if isinstance(kind, Unknown):
        return None, ""
    kind = str(kind or "").strip().lower()
    if kind == _EMAIL:
        email = grantee.get("email_address", grantee.get("email"))
        return True, f"the account whose root user's e-mail is {email}, which cannot be approved"
    if kind == _CANONICAL:
        return canonical_ids([grantee.get("id")], approved, owner)
    return False, ""


def s3_acl_shared(args: S3AclSharedArgs, ctx: Context, node: Any, prefix: str) -> Outcome:
    """True when a grant of the ACL names a canonical user or e-mail address that is not approved."""
    approved = Approved.of(ctx.settings)
    owners = [v for _, v in resolve(node, split_path("access_control_policy.owner.id"), prefix)]
    owner = owners[0] if len(owners) == 1 else None
    outcomes = []
    for where, grantee in _grantees(node, prefix):
        verdict, whom = _judge(grantee, owner, approved)
        note = f"{where} grants access to {whom}" if verdict else ""
        outcomes.append(Outcome(verdict, [Clue(where, grantee, note=note)]))
    outcome = any_of(outcomes)
    if outcome.value is False or not outcomes:
        return Outcome(False, [Clue(prefix or "grant", note="no grant to another account")])
    return outcome
