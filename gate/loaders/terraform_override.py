"""Terraform's override files: ``override.tf``, ``*_override.tf`` (and ``.tf.json``) merge into the blocks of the
module's other files instead of declaring new ones.

Rules, from https://developer.hashicorp.com/terraform/language/files/override and Terraform's own merge
(``internal/configs/module_merge.go``, ``module_merge_body.go``):

- override files are read after every other file, in lexicographical order, and each top-level block merges
  into the block with the same header (type and labels); a block with nothing to override is an error;
- an argument of the override replaces the argument of the same name (``count``, ``for_each`` and ``source``
  included); nested blocks of a type the override has replace *all* blocks of that type, a ``dynamic "x"`` block
  counting as type ``x``; nested blocks are not merged further, except ``lifecycle``, merged argument by argument;
- ``locals`` merge value by value, whichever ``locals`` block declared them.
"""

from __future__ import annotations

from gate.loaders import hcl_ast as ast


def is_override_file(name: str) -> bool:
    """True for a file Terraform reads as an override file."""
    for suffix in (".tf.json", ".tofu.json", ".tf", ".tofu"):
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            return stem == "override" or stem.endswith("_override")
    return False


def _nested_type(block: ast.Block) -> str:
    """What an override replaces: a ``dynamic "ingress"`` block stands for ``ingress`` blocks."""
    return block.labels[0] if block.type == "dynamic" and block.labels else block.type


def merge_block(base: ast.Block, override: ast.Block) -> ast.Block:
    """``base`` with ``override`` merged in; neither is changed (parsed files may be cached and shared)."""
    return ast.Block(
        base.type, list(base.labels), merge_body(base.body, override.body, top=True), base.line, base.end_line
    )


def merge_body(base: ast.Body, override: ast.Body, top: bool = False) -> ast.Body:
    """Arguments replace arguments; block types replace every block of their type. In Terraform's JSON syntax an
    argument and a block of one name are the same thing said two ways, so either replaces the other."""
    replaced = {_nested_type(b) for b in override.blocks} | set(override.attributes)
    attributes = {name: a for name, a in base.attributes.items() if name not in replaced}
    attributes.update(override.attributes)
    blocks = [b for b in base.blocks if _nested_type(b) not in replaced]
    lifecycle = [b for b in base.blocks if b.type == "lifecycle"] if top else []
    for block in override.blocks:
        if top and block.type == "lifecycle" and lifecycle:
            block = ast.Block(block.type, [], merge_body(lifecycle[0].body, block.body), block.line, block.end_line)
        blocks.append(block)
    return ast.Body(attributes, blocks)
