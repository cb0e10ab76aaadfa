"""Load the project's data files: the checklist and the sources to follow."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from billtracker.errors import ConfigError
from compare.checklist import Checklist, ChecklistError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
CHECKLIST_PATH = DATA_DIR / "checklist.yml"
SOURCES_PATH = DATA_DIR / "sources.yml"


class _UniqueKeyLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses a key given twice in one mapping: PyYAML would keep
    the last silently, so an item's second ``partial_if`` would drop its first."""


def _unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} given twice in one mapping", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def _read_yaml(path: Path):
    """Parse a YAML file, turning every failure into a ConfigError naming the file."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise ConfigError(f"{path}: invalid YAML{where}: {getattr(e, 'problem', e)}") from None


def load_checklist(path: str | Path | None = None) -> Checklist:
    """Load and validate the checklist. Its item ids come from the YAML alone (the tests
    check them against ../shared/model-policy.md)."""
    path = Path(path) if path else CHECKLIST_PATH
    return _load_checklist_cached(
        str(path.resolve()), path.stat().st_mtime_ns if path.exists() else 0
    )


@functools.lru_cache(maxsize=4)
def _load_checklist_cached(path: str, mtime: int) -> Checklist:
    try:
        checklist = Checklist.from_dict(_read_yaml(Path(path)), source=path)
    except ChecklistError as e:
        raise ConfigError(str(e)) from None
    return checklist


def load_sources(path: str | Path | None = None) -> dict:
    """Load ``data/sources.yml``: the spiders, the bills to follow and discovery keywords."""
    path = Path(path) if path else SOURCES_PATH
    data = _read_yaml(path)
    if not isinstance(data, dict) or "sources" not in data:
        raise ConfigError(f"{path}: expected a mapping with a 'sources' key")
    for name, source in (data["sources"] or {}).items():
        if not isinstance(source, dict) or "spider" not in source:
            raise ConfigError(f"{path}: source '{name}' needs a 'spider'")
    return data
