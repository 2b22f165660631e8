"""One index over all resources of a scan, built once, so cross-resource lookups stay linear.

Resources are related only within their scope (a root module, a plan, a template): logical ids and addresses
are unique only there. A reference names either one instance (``aws_x.y["a"]``) or, when the instance is not
known, the whole resource (``aws_x.y``), which stands for every instance. A relation by reference holds only when
the attribute's value is the other resource's identifier used as is (``gate.engine.as_is``): a value derived from a
reference (``coalesce("legacy", aws_s3_bucket.b.id)``) merely mentions it and relates to nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from gate.engine.as_is import identified
from gate.model import Resource


class ResourceIndex:
    def __init__(self, resources: Iterable[Resource]) -> None:
        self.resources = list(resources)
        self.by_type: dict[str, list[Resource]] = defaultdict(list)
        # (scope, referenced address) -> [(attribute, referring resource)]
        self._referrers: dict[tuple[str, str], list[tuple[str, Resource]]] = defaultdict(list)
        # (scope, address or base address) -> resources it names
        self._by_address: dict[tuple[str, str], list[Resource]] = defaultdict(list)
        self._by_value: dict[tuple[str, str], dict[tuple[str, Any], list[Resource]]] = {}
        for resource in self.resources:
            self.by_type[resource.type].append(resource)
            for key in _names(resource):
                self._by_address[(resource.scope, key)].append(resource)
            for attribute in resource.references:
                for target in identified(resource.attributes.get(attribute)):
                    self._referrers[(resource.scope, target)].append((attribute, resource))

    def at(self, scope: str, address: str) -> list[Resource]:
        """The resources an address names in ``scope``: one instance, or every instance of a base address."""
        return self._by_address.get((scope, address), [])

    def referrers(self, resource: Resource, types: Iterable[str], via: str) -> list[Resource]:
        """Resources of ``types`` whose attribute ``via`` refers to ``resource`` (or to all its instances)."""
        wanted = set(types)
        found: dict[int, Resource] = {}  # by identity: comparing resources by value would cost their whole content
        for key in _names(resource):
            for attribute, other in self._referrers.get((resource.scope, key), ()):
                if attribute == via and other.type in wanted and other is not resource:
                    found.setdefault(id(other), other)
        return list(found.values())

    def with_value(self, resource: Resource, types: Iterable[str], via: str, value: Any) -> list[Resource]:
        """Resources of ``types`` in ``resource``'s scope whose attribute ``via`` equals ``value`` (a name)."""
        found: list[Resource] = []
        for type_name in types:
            table = self._by_value.get((type_name, via))
            if table is None:
                table = defaultdict(list)
                for other in self.by_type.get(type_name, ()):
                    key = other.attributes.get(via)
                    if isinstance(key, (str, int)):
                        table[(other.scope, key)].append(other)
                self._by_value[(type_name, via)] = table
            found.extend(r for r in table.get((resource.scope, value), ()) if r is not resource)
        return found

    def related(self, resource: Resource, types: Iterable[str], via: str, key: str | None) -> list[Resource]:
        """Resources of ``types`` attached to ``resource`` through their attribute ``via``: by reference, or
        by value when ``key`` names an attribute of ``resource`` that holds the same value (a bucket name)."""
        types = list(types)
        found = self.referrers(resource, types, via)
        if key is not None:
            value = resource.attributes.get(key)
            if isinstance(value, (str, int)) and value != "":
                seen = {id(r) for r in found}
                for other in self.with_value(resource, types, via, value):
                    if id(other) not in seen:
                        seen.add(id(other))
                        found.append(other)
        return found

    def attached_to_any(self, resource: Resource, via: str, types: Iterable[str], key: str | None = None) -> bool:
        """True when ``resource``'s attribute ``via`` refers to a resource of ``types`` in the scan, or (with
        ``key``) holds the value of such a resource's attribute ``key`` (its name)."""
        wanted = set(types)
        for target in identified(resource.attributes.get(via)) if via in resource.references else ():
            if any(other.type in wanted and other.mode == "managed" for other in self.at(resource.scope, target)):
                return True
        value = resource.attributes.get(via)
        if key is not None and isinstance(value, (str, int)) and value != "":
            return any(other.mode == "managed" for other in self.with_value(resource, wanted, key, value))
        return False


def _names(resource: Resource) -> list[str]:
    """The addresses a reference may name ``resource`` by: its own (one instance), its block's within its module
    instance, and its base address (every instance), most precise first."""
    return list(dict.fromkeys([resource.address, resource.block_address, resource.base_address]))
