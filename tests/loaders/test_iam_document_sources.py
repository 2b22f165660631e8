"""``aws_iam_policy_document`` sources: every statement of ``source_policy_documents`` is in the rendered
document (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document),
also when the source is a heredoc that interpolates a value known only after apply."""

from __future__ import annotations

from pathlib import Path

from gate.loaders.terraform_loader import load_terraform
from gate.values import Origin, Unknown

QUEUE = 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n'
DOCUMENT = 'data "aws_iam_policy_document" "d" {\n  source_policy_documents = [%s]\n}\n'
PROBE = 'resource "terraform_data" "probe" {\n  input = data.aws_iam_policy_document.d.json\n}\n'
HEREDOC = """<<-JSON
    {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:*", "Resource": "${aws_sqs_queue.q.arn}"}]}
  JSON
  """


def rendered(tmp_path: Path, source: str) -> object:
    (tmp_path / "main.tf").write_text(QUEUE + DOCUMENT % source + PROBE, encoding="utf-8")
    root = tmp_path.resolve()
    out = load_terraform(root, root, lambda p: p.resolve().relative_to(root).as_posix(), environ={})
    assert out.errors == []
    [probe] = [r for r in out.resources if r.address == "terraform_data.probe"]
    return probe.attributes["input"]


def test_a_partly_known_heredoc_source_keeps_its_statements(tmp_path: Path) -> None:
    document = rendered(tmp_path, HEREDOC)
    assert isinstance(document, Unknown) and isinstance(document.partial, dict)
    [statement] = document.partial["Statement"]
    assert (statement["Principal"], statement["Action"]) == ("*", "sqs:*")
    assert isinstance(statement["Resource"], Unknown) and statement["Resource"].origin is Origin.IDENTIFIER


def test_a_source_that_is_not_known_makes_the_document_unknown(tmp_path: Path) -> None:
    document = rendered(tmp_path, "aws_sqs_queue.q.policy")
    assert isinstance(document, Unknown) and not document.gap


def test_a_source_that_is_not_json_is_a_gap(tmp_path: Path) -> None:
    document = rendered(tmp_path, '"not json"')
    assert isinstance(document, Unknown) and document.gap
