"""IAM policy documents, from any source: a JSON string (``jsonencode``, heredoc, CloudFormation string), a
structure (CloudFormation ``PolicyDocument``), or the rendering of an ``aws_iam_policy_document`` data source."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from gate.engine.accounts import foreign, not_approved, principal_values
from gate.engine.iam_actions import admin_despite, covers_everything, covers_service, matches, touches_service
from gate.engine.iam_conditions import deny_restricts, is_restricted, requires_value
from gate.engine.outcome import Clue, Outcome, all_of, any_of
from gate.engine.paths import resolve, split_path
from gate.schema import FORBID, PREPARED
from gate.values import (
    MARKS,
    UNKNOWN_MARK,
    Unknown,
    UnknownText,
    cause_of,
    json_in_text,
    known_text,
    shown,
    variants,
)

if TYPE_CHECKING:
    from gate.engine.context import Context


@dataclass(slots=True, kw_only=True)
class IamStatementArgs:
    """Some statement of the document(s) at ``attr`` matches every criterion given.

    ``action``: the statement allows one of these actions (``*`` means every action); ``not_action``: the
    statement uses NotAction; ``resource``: the statement's Resource covers it (``*`` means literally every
    resource); ``principal: "*"``: open to everyone; ``principal: external``: granted to an AWS account outside
    ``approved_accounts``; ``principal: service``: granted to an AWS service principal (``sns.amazonaws.com``); ``unconditioned``: the statement has no Condition; ``unrestricted``: no Condition
    narrows who may use it (source ARN/account/IP/VPC, organisation, principal...; a Referer narrows nothing), nor
    a Deny beside it; ``requires: {key: value}``: the Condition holds only when each key has that value
    (``{"aws:SecureTransport": false}``).
    """

    __pydantic_config__ = FORBID
    __get_pydantic_core_schema__ = PREPARED
    attr: list[str]
    effect: str = "Allow"
    action: list[str] = field(default_factory=list)
    not_action: bool = False
    resource: list[str] = field(default_factory=list)
    principal: Literal["*", "external", "service"] | None = None
    unconditioned: bool = False
    unrestricted: bool = False
    requires: dict[str, str | bool] = field(default_factory=dict)

    @staticmethod
    def prepare(raw: Any) -> Any:
        if not isinstance(raw, dict):
            return raw
        return {k: [v] if k in ("attr", "action", "resource") and isinstance(v, str) else v for k, v in raw.items()}


def parse_document(value: Any) -> Any:
    """A policy document as a structure, Unknown when it is not known before apply, None when it is not one.

    A document of which only parts are unknown (``jsonencode`` of a structure holding an ARN, a heredoc that
    interpolates one) is returned with those parts as Unknown values.
    """
    if isinstance(value, Unknown):
        if isinstance(value.partial, dict):
            return value.partial
        if isinstance(value.partial, UnknownText):
            document = json_in_text(value)
            return document if isinstance(document, dict) else value
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            return json.loads(text)
        except ValueError:
            return None
    return value if isinstance(value, dict) else None


def statements(document: Any) -> list[Any]:
    """The statements of a document; a Statement known only after apply is one unknown statement (it may grant
    anything), and so is each unknown element of a list of statements."""
    found = document.get("Statement") if isinstance(document, dict) else None
    if isinstance(found, Unknown) and isinstance(found.partial, list):
        found = found.partial
    if isinstance(found, (dict, Unknown)):
        return [found]
    return found if isinstance(found, list) else []


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _matches(pattern: str, wanted: str) -> bool:
    return matches("*" if pattern.strip() in ("*", "*:*") else pattern, wanted)


# A part known only after apply may be any text, a wildcard included (at most it is "*", at least it matches
# nothing); a concrete part (an identifier, the account) is some text that is no wildcard.
_WIDEST = {UNKNOWN_MARK: "*"}
_NARROWEST = {UNKNOWN_MARK: "\0"}


def _fill(text: str, unknown_as: dict[str, str]) -> str:
    for mark in MARKS:
        text = text.replace(mark, unknown_as.get(mark, "\0concrete\0"))
    return text


def _unknown_covers(pattern: Unknown, wanted: str) -> bool | None:
    """Does a partly known pattern cover ``wanted``, whatever its unknown parts turn out to be?"""
    if pattern.concrete:  # one concrete ARN or name: never a wildcard
        return False
    text = known_text(pattern)
    if text is None:
        return None
    texts = variants(text)
    if all(_matches(_fill(t, _NARROWEST), wanted) for t in texts):
        return True
    if not any(_matches(_fill(t, _WIDEST), wanted) for t in texts):
        return False
    return None


def _covers(patterns: list[Any], wanted: str) -> bool | None:
    """Does one of ``patterns`` (IAM wildcards, case insensitive) cover ``wanted``? ``*`` as wanted means "every
    action", ``service:*`` "every action of the service"."""
    unsure = False
    for pattern in patterns:
        if isinstance(pattern, Unknown):
            verdict = _unknown_covers(pattern, wanted)
            if verdict:
                return True
            unsure = unsure or verdict is None
            continue
        if isinstance(pattern, str) and _pattern_covers(pattern, wanted):
            return True
    return None if unsure else False


def _pattern_covers(pattern: str, wanted: str) -> bool:
    if wanted == "*":
        return covers_everything(pattern)
    if wanted.endswith(":*") and wanted.count("*") == 1:
        return covers_service(pattern, wanted[:-2].lower())
    return matches(pattern, wanted)


def _not_excluded(excluded: list[Any], wanted: str) -> bool | None:
    """Is ``wanted`` granted by an Allow with ``NotAction: excluded``? ``*`` (every action) is granted in effect
    unless the services that make an administrator are excluded whole; ``service:*`` unless some pattern
    excludes one of its actions."""
    known = [p for p in excluded if isinstance(p, str)]
    unknown = any(isinstance(p, Unknown) and not p.concrete for p in excluded)
    if wanted == "*":
        return admin_despite(known, unknown)
    if wanted.endswith(":*") and wanted.count("*") == 1:
        if any(touches_service(p, wanted[:-2].lower()) for p in known):
            return False
        return None if unknown else True
    covered = _covers(excluded, wanted)
    return None if covered is None else not covered


def is_public_principal(principal: Any) -> bool | None:
    """Is ``*`` (everyone) the principal, or among its AWS principals? Unknown when one of them may be ``*``."""
    if not isinstance(principal, dict) or isinstance(principal, Unknown):
        return _everyone(principal)
    verdicts = [_everyone(p) for p in _as_list(principal.get("AWS"))]
    return True if True in verdicts else None if None in verdicts else False


def is_service_principal(principal: Any) -> bool | None:
    """Does the Principal name an AWS service (``{"Service": "sns.amazonaws.com"}``)? Unknown when the Service
    entry is known only after apply."""
    if not isinstance(principal, dict) or isinstance(principal, Unknown):
        return None if isinstance(principal, Unknown) else False
    services = _as_list(principal.get("Service"))
    if any(isinstance(s, str) and s.strip() for s in services):
        return True
    return None if any(isinstance(s, Unknown) for s in services) else False


def _everyone(principal: Any) -> bool | None:
    """``*`` exactly; an unknown may be it unless it is an identifier or its known text has characters of its own
    (``arn:aws:iam::${x}:root`` is never ``*``)."""
    if not isinstance(principal, Unknown):
        return bool(principal == "*")
    if principal.concrete:
        return False
    text = known_text(principal)
    if text is not None:
        for mark in MARKS:
            text = text.replace(mark, "")
        if text.strip():
            return False
    return None


def documents_at(paths: Iterable[str], node: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    """(where, parsed document) for each policy document at ``paths`` (a list of documents is each of them)."""
    for path in paths:
        for where, value in resolve(node, split_path(path), prefix):
            for item in _as_list(value):
                yield where, parse_document(item)


def _check(args: IamStatementArgs, statement: dict[str, Any], label: str, approved: set[str]) -> Outcome:
    checks: list[Outcome] = []
    effect = statement.get("Effect", "Allow")
    if isinstance(effect, Unknown):
        return Outcome(None, [Clue(label, effect, note=f"{label}: Effect known only after apply")])
    checks.append(Outcome(str(effect).lower() == args.effect.lower()))
    if args.not_action:
        checks.append(Outcome("NotAction" in statement))
    if args.action:
        if "NotAction" in statement and "Action" not in statement:
            # Allow with NotAction grants every action it does not name.
            excluded = _as_list(statement.get("NotAction"))
            checks.append(Outcome(any_of(Outcome(_not_excluded(excluded, a)) for a in args.action).value))
        else:
            actions = _as_list(statement.get("Action"))
            checks.append(Outcome(any_of(Outcome(_covers(actions, a)) for a in args.action).value))
    if args.resource:
        checks.append(_resource_check(statement, args.resource))
    # Allow with NotPrincipal grants every principal it does not name: everyone.
    everyone = "NotPrincipal" in statement and "Principal" not in statement
    if args.principal == "*":
        checks.append(Outcome(True if everyone else is_public_principal(statement.get("Principal"))))
    elif args.principal == "external":
        verdict, account = (
            (True, "all") if everyone else foreign(principal_values(statement.get("Principal")), approved)
        )
        checks.append(Outcome(verdict))
        if verdict:
            label = f"{label} ({'everyone' if account == 'all' else not_approved(account)})"
    elif args.principal == "service":
        checks.append(Outcome(is_service_principal(statement.get("Principal"))))
    if args.unconditioned:
        checks.append(Outcome(not statement.get("Condition")))
    if args.unrestricted:
        restricted = is_restricted(statement.get("Condition"))
        checks.append(Outcome(None if restricted is None else not restricted))
    for key, wanted in args.requires.items():
        checks.append(Outcome(requires_value(statement.get("Condition"), key, str(wanted).lower())))
    outcome = all_of(checks)
    # An unknown outcome keeps the statement's unknown that explains it (an evaluation gap first).
    cause = cause_of(statement) if outcome.value is None else None
    outcome.clues = [Clue(label, cause, note=_describe(statement, label, outcome.value))]
    return outcome


def _resource_check(statement: dict[str, Any], wanted: list[str]) -> Outcome:
    """Does the statement's Resource cover one of ``wanted``? A NotResource (with no Resource) covers every
    resource it does not name: with Allow it is a grant on everything else, ``*`` included in effect (IAM
    User Guide, "IAM JSON policy elements: NotResource")."""
    if "NotResource" in statement and "Resource" not in statement:
        excluded = _as_list(statement.get("NotResource"))
        return any_of(Outcome(True) if r == "*" else _negated(_covers(excluded, r)) for r in wanted)
    resources = _as_list(statement.get("Resource"))
    return Outcome(any_of(Outcome(_covers(resources, r) if r != "*" else _star(resources)) for r in wanted).value)


def _negated(value: bool | None) -> Outcome:
    return Outcome(None if value is None else not value)


def _star(resources: list[Any]) -> bool | None:
    """Is ``*`` (every resource) among ``resources``? A partly known ARN (``arn:aws:s3:::${x}``) never is."""
    if any(r == "*" for r in resources):
        return True
    for r in resources:
        if isinstance(r, Unknown) and not r.concrete:
            text = known_text(r)
            if text is None or not _fill(text, {UNKNOWN_MARK: ""}).strip(" *"):  # the unknown parts may be "*"
                return None
    return False


def _describe(statement: dict[str, Any], label: str, value: bool | None) -> str:
    if value is None:
        return f"{label}: a decisive value is known only after apply"
    verb = "allows" if str(statement.get("Effect", "Allow")).lower() == "allow" else "denies"
    key = "NotAction" if "NotAction" in statement else "Action"
    actions = ", ".join(str(a) for a in _as_list(statement.get(key)))
    where = "NotResource" if "NotResource" in statement and "Resource" not in statement else "Resource"
    resources = ", ".join(str(r) for r in _as_list(statement.get(where))) or "-"
    text = f"{label} {verb} {'all but ' if key == 'NotAction' else ''}{actions} on {'all but ' if where == 'NotResource' else ''}{resources}"
    if "Principal" in statement:
        text += f" to {json.dumps(statement['Principal'], default=shown)}"
    return text


def iam_statement(args: IamStatementArgs, ctx: Context, node: Any, prefix: str) -> Outcome:
    """True when some statement of the policy documents at ``args.attr`` matches every criterion."""
    return judge_documents(args, ctx, documents_at(args.attr, node, prefix))


def judge_documents(args: IamStatementArgs, ctx: Context, documents: Iterable[tuple[str, Any]]) -> Outcome:
    """True when some statement of ``documents`` ((where, parsed document) pairs) matches every criterion of
    ``args`` (whose ``attr`` only names the documents in the message when none matches)."""
    outcomes = []
    approved = set(ctx.settings.get("approved_accounts", ()))
    for where, document in documents:
        if isinstance(document, Unknown):
            outcomes.append(Outcome(None, [Clue(where, document)]))
            continue
        found = statements(document)
        fences = _fences(found) if args.unrestricted and args.effect.lower() == "allow" else []
        for i, statement in enumerate(found):
            if isinstance(statement, Unknown):
                note = f"{where} statement {i + 1} is known only after apply"
                outcomes.append(Outcome(None, [Clue(f"{where} statement {i + 1}", statement, note=note)]))
            elif isinstance(statement, dict):
                sid = statement.get("Sid")
                label = f"{where} statement {sid!r}" if isinstance(sid, str) and sid else f"{where} statement {i + 1}"
                outcome = _check(args, statement, label, approved)
                fence = next((f for f in fences if outcome.value and _fenced(statement, f)), None)
                if fence is not None:
                    outcome = Outcome(False, [Clue(label, note=f"{label} is narrowed by a Deny ({_sid(fence)})")])
                outcomes.append(outcome)
    outcome = any_of(outcomes)
    if outcome.value is False:
        outcome.clues = [Clue(args.attr[0], note="no statement matches")]
    return outcome


def _sid(statement: dict[str, Any]) -> str:
    sid = statement.get("Sid")
    return repr(sid) if isinstance(sid, str) and sid else json.dumps(statement.get("Condition"), default=shown)


def _fences(found: list[Any]) -> list[dict[str, Any]]:
    """The Deny statements of a document that refuse everyone outside a fixed account, organisation, network or
    source (``StringNotEquals aws:SourceVpce vpce-1``): an Allow they cover is narrowed as by its own Condition
    (IAM User Guide, "Policy evaluation logic": an explicit deny overrides any allow)."""
    return [
        s
        for s in found
        if isinstance(s, dict)
        and str(s.get("Effect", "")).lower() == "deny"
        and "Principal" in s
        and is_public_principal(s.get("Principal")) is True
        and deny_restricts(s.get("Condition")) is True
    ]


def _literal_covers(patterns: list[Any], wanted: Any, fold: bool) -> bool:
    """Does a known pattern cover the known ``wanted`` (itself maybe a pattern), whatever it stands for?"""
    if not isinstance(wanted, str):
        return False
    for pattern in patterns:
        if not isinstance(pattern, str):
            continue
        text = pattern.strip()
        if text in ("*", "*:*") or (fold and matches(text, wanted)) or (not fold and _glob(text, wanted.strip())):
            return True
    return False


def _glob(pattern: str, text: str) -> bool:
    """An IAM resource pattern against a resource (case-sensitive, as ARNs are)."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, text, re.DOTALL) is not None


def _fenced(allow: dict[str, Any], deny: dict[str, Any]) -> bool:
    """Does the Deny cover every action and resource of the Allow? Only what is known is compared; NotAction
    and NotResource are covered only by a Deny on everything."""
    deny_actions = _as_list(deny.get("Action"))
    deny_resources = _as_list(deny.get("Resource"))
    if "Action" not in deny or "Resource" not in deny:
        return False
    actions = _as_list(allow.get("Action")) if "Action" in allow else ["*"]
    resources = _as_list(allow.get("Resource")) if "Resource" in allow else ["*"]
    return all(_literal_covers(deny_actions, a, True) for a in actions) and all(
        _literal_covers(deny_resources, r, False) for r in resources
    )
