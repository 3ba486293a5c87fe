"""Reading radviz's YAML data files within fixed limits (size, expanded size, depth, number length).

``yaml.safe_load`` runs no code, but it still trusts the file's size: an alias "bomb" (nine
levels of ten aliases) expands to a billion nodes, and a 5,000-digit integer raises ValueError.
Here the file is read with :func:`radviz.files.read_bounded`, the composed node graph is measured
(aliases counted as often as they are used) before any Python object is built, and long numbers
are refused with their line.  Limits are in ``docs/limits.md``.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

from radviz.errors import InputError
from radviz.files import read_bounded

__all__ = ["read_yaml", "MAX_DATA_BYTES", "MAX_DATA_NODES", "MAX_NUMBER_DIGITS"]

MAX_DATA_BYTES = 4_000_000
"""A map, pattern or myotome file larger than this is refused before it is read (shipped: ~20 KB)."""

MAX_DATA_NODES = 1_000_000
"""Most values (scalars, lists, mappings) one data file may hold, counting each alias use."""

MAX_NUMBER_DIGITS = 100
"""Longest number literal accepted (Python refuses integers over 4,300 digits anyway)."""

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _BoundedLoader(_BASE):
    """A safe loader that measures the document before constructing it."""

    def get_single_data(self):
        node = self.get_single_node()
        if node is None:
            return None
        _check_size(node)
        return self.construct_document(node)

    def construct_yaml_int(self, node):
        _check_digits(node)
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node):
        _check_digits(node)
        return super().construct_yaml_float(node)


_BoundedLoader.add_constructor("tag:yaml.org,2002:int", _BoundedLoader.construct_yaml_int)
_BoundedLoader.add_constructor("tag:yaml.org,2002:float", _BoundedLoader.construct_yaml_float)


def _check_digits(node) -> None:
    if len(node.value) > MAX_NUMBER_DIGITS:
        raise yaml.constructor.ConstructorError(
            None, None, f"a number with {len(node.value):,} characters (at most {MAX_NUMBER_DIGITS})",
            node.start_mark)


def _check_size(root) -> None:
    """Count nodes as the constructed data will hold them (each alias use counts its whole subtree).

    Sizes are memoised per node, so this is linear in the file even when the expansion is not.
    """
    sizes: dict[int, int] = {}
    visiting: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes or (not children_done and id(node) in visiting):
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1
            continue
        kids = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else node.value
        if not children_done and isinstance(node, yaml.MappingNode):
            _check_unique_keys(node)
        if not children_done:
            visiting.add(id(node))  # a recursive alias (a node inside itself) then counts once
            stack.append((node, True))
            stack.extend((k, False) for k in kids if id(k) not in sizes and id(k) not in visiting)
            continue
        visiting.discard(id(node))
        total = 1 + sum(sizes.get(id(k), 1) for k in kids)
        sizes[id(node)] = total
        if total > MAX_DATA_NODES:
            raise yaml.constructor.ConstructorError(
                None, None, f"expands to more than {MAX_DATA_NODES:,} values (aliases repeat their "
                            f"anchor's content); radviz data files are far smaller", node.start_mark)


def _check_unique_keys(node: yaml.MappingNode) -> None:
    """A key given twice in one mapping: YAML keeps the last silently, so a reviewer reading the first
    (a second ``note:`` or ``roots:``) would read what radviz ignores."""
    seen: dict[str, yaml.Node] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        if key.value in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key '{key.value}' is given twice in one mapping (first on line "
                            f"{seen[key.value].start_mark.line + 1})", key.start_mark)
        seen[key.value] = key


def _load(text: str) -> Any:
    """What ``yaml.safe_load`` does, with the bounded safe loader."""
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def read_yaml(path: str | Path) -> tuple[Any, str]:
    """Load one YAML data file safely, with its sha256; errors name the file (line, column)."""
    path = Path(path)
    data = read_bounded(path, MAX_DATA_BYTES, "data file")
    try:
        raw = _load(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(path, "", "not UTF-8 text") from None
    except RecursionError:
        raise InputError(path, "", "nested too deeply to be a radviz data file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError(path, where, f"not valid YAML ({getattr(exc, 'problem', None) or exc})") from None
    except ValueError as exc:  # e.g. a date like 2026-02-30, or another number the constructor refuses
        raise InputError(path, "", f"not valid YAML ({str(exc)[:120]})") from None
    return raw, hashlib.sha256(data).hexdigest()
