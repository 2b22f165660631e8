"""Who made the change: the CI run's change request, and one line of plain text for people: the caller makes it inert for its format
(gate.safe), since names and summaries are written by whoever made the commit."""

from __future__ import annotations

import re
from collections.abc import Mapping

from gate.model import ChangeRequest, Introduced


def introduced_text(introduced: Introduced) -> str:
    """``abc123def456 by Jane Doe on 2026-01-02: Open the bucket``, or ``not committed``."""
    if not introduced.committed:
        return "not committed"
    summary = f": {introduced.summary}" if introduced.summary else ""
    return f"{introduced.commit[:12]} by {introduced.author} on {introduced.date[:10]}{summary}"


def change_text(change: ChangeRequest) -> str:
    """``pull request #12 by octocat (https://github.com/o/r/pull/12)``."""
    number = ("!" if change.kind == "merge request" else "#") + change.number
    by = f" by {change.author}" if change.author else ""
    return f"{change.kind} {number}{by}" + (f" ({change.url})" if change.url else "")


def change_request(environ: Mapping[str, str]) -> ChangeRequest | None:
    """The pull request (GitHub Actions: ``GITHUB_REF`` ``refs/pull/N/merge``, ``GITHUB_ACTOR``,
    ``GITHUB_SERVER_URL``/``GITHUB_REPOSITORY``) or merge request (GitLab CI: ``CI_MERGE_REQUEST_IID``,
    ``GITLAB_USER_LOGIN``, ``CI_PROJECT_URL``) the pipeline runs for; ``None`` in any other run.
    https://docs.github.com/en/actions/reference/variables-reference
    https://docs.gitlab.com/ci/variables/predefined_variables/"""
    iid = environ.get("CI_MERGE_REQUEST_IID", "")
    if iid.isdigit():
        url = environ.get("CI_PROJECT_URL", "").rstrip("/")
        return ChangeRequest(
            kind="merge request",
            number=iid,
            author=environ.get("GITLAB_USER_LOGIN", ""),
            url=f"{url}/-/merge_requests/{iid}" if url else "",
        )
    pull = re.fullmatch(r"refs/pull/(\d+)/(?:merge|head)", environ.get("GITHUB_REF", ""))
    if pull is not None:
        server, repository = environ.get("GITHUB_SERVER_URL", "").rstrip("/"), environ.get("GITHUB_REPOSITORY", "")
        return ChangeRequest(
            kind="pull request",
            number=pull[1],
            author=environ.get("GITHUB_ACTOR", ""),
            url=f"{server}/{repository}/pull/{pull[1]}" if server and repository else "",
        )
    return None
