"""CODEOWNERS in GitHub's and GitLab's syntax: the owner of a file is the last matching line (per section on
GitLab, with sections combined)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.backlog.codeowners import find, parse

GITHUB = r"""
# Comments and blank lines are ignored.
*                       @acme/everyone
*.tf                    @acme/terraform
/build/logs/            @doctocat
docs/*                  docs@example.com
apps/                   @octocat
/infra/network/         @acme/network   # a comment after the owners
infra/network/vpn.tf
**/secrets/**           @acme/security
path\ with\ spaces/     @spaces
"""


@pytest.mark.parametrize(
    ("path", "owners"),
    [
        ("README.md", ("@acme/everyone",)),
        ("modules/db/main.tf", ("@acme/terraform",)),  # *.tf at any depth
        ("build/logs/app.log", ("@doctocat",)),
        ("sub/build/logs/app.log", ("@acme/everyone",)),  # a leading slash anchors at the root
        ("docs/getting-started.md", ("docs@example.com",)),
        ("docs/build-app/troubleshooting.md", ("@acme/everyone",)),  # docs/* owns direct children only
        ("x/apps/web/index.js", ("@octocat",)),  # apps/ anywhere
        ("infra/network/main.tf", ("@acme/network",)),  # later and more specific than *.tf: the last match wins
        ("infra/network/vpn.tf", ()),  # a pattern with no owners un-owns
        ("deep/secrets/key.tf", ("@acme/security",)),
        ("path with spaces/a.tf", ("@spaces",)),
    ],
)
def test_github_syntax_last_match_wins(path: str, owners: tuple[str, ...]) -> None:
    assert parse(GITHUB, "github").owners(path) == owners


def test_github_anchors_patterns_with_a_slash_in_the_middle_gitlab_does_not() -> None:
    text = "*  @all\ninfra/main.tf  @infra\n"
    assert parse(text, "github").owners("infra/main.tf") == ("@infra",)
    assert parse(text, "github").owners("stacks/infra/main.tf") == ("@all",)
    assert parse(text, "gitlab").owners("stacks/infra/main.tf") == ("@infra",)  # read as **/infra/main.tf


GITLAB = """
* @default-owner

[Terraform] @acme/tf-reviewers
*.tf
/modules/legacy/ @acme/legacy

^[Security][2] @acme/security
**/iam/**

[terraform]
/modules/legacy/vpc.tf @acme/network
"""


@pytest.mark.parametrize(
    ("path", "owners"),
    [
        ("README.md", ("@default-owner",)),
        ("main.tf", ("@default-owner", "@acme/tf-reviewers")),  # the section's default owners
        ("modules/legacy/db.tf", ("@default-owner", "@acme/legacy")),
        ("modules/legacy/vpc.tf", ("@default-owner", "@acme/network")),  # same section (names are case-insensitive)
        ("modules/iam/role.tf", ("@default-owner", "@acme/tf-reviewers", "@acme/security")),  # sections combine
    ],
)
def test_gitlab_sections_default_owners_and_last_match_per_section(path: str, owners: tuple[str, ...]) -> None:
    codeowners = parse(GITLAB, "github")  # sections make it GitLab's dialect whatever the caller said
    assert codeowners.dialect == "gitlab"
    assert codeowners.owners(path) == owners


def test_the_file_is_found_where_github_and_gitlab_look(tmp_path: Path) -> None:
    assert find(tmp_path) is None
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "CODEOWNERS").write_text("* @docs-team\n")
    found = find(tmp_path)
    assert found is not None and found.source == "docs/CODEOWNERS" and found.owners("a.tf") == ("@docs-team",)
    (tmp_path / ".gitlab").mkdir()
    (tmp_path / ".gitlab" / "CODEOWNERS").write_text("infra/main.tf @gitlab-team\n")
    (tmp_path / "docs" / "CODEOWNERS").unlink()
    found = find(tmp_path)
    assert found is not None and found.dialect == "gitlab" and found.owners("x/infra/main.tf") == ("@gitlab-team",)
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "CODEOWNERS").write_text("* @github-team\n")
    found = find(tmp_path)
    assert found is not None and found.source == ".github/CODEOWNERS"


TOKEN_LINE = "\textraheader = AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46c2VjcmV0\n"


def test_a_linked_codeowners_is_not_read(tmp_path: Path) -> None:
    """actions/checkout keeps the job's token in .git/config; a pull request that links .github/CODEOWNERS there
    must not get it into ticket bodies and labels."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("[http]\n" + TOKEN_LINE)
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "CODEOWNERS").symlink_to("../.git/config")
    assert find(tmp_path) is None
    linked = tmp_path / "linked"
    linked.symlink_to(tmp_path / ".github")
    assert find(tmp_path, path=linked / "CODEOWNERS") is None  # a linked folder on the way is a link too
    assert find(tmp_path, path=tmp_path / ".git" / "config") is None  # nor anything inside .git, named or not


def test_words_that_are_not_owners_are_dropped() -> None:
    owners = parse("extraheader = AUTHORIZATION: basic eC1hY2Nlc3M @acme/infra ops@example.com @@maintainer\n")
    assert owners.owners("extraheader/main.tf") == ("@acme/infra", "ops@example.com", "@@maintainer")
