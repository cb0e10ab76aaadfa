"""The project's Jinja templates (``templates/``, the ones Datasette serves), autoescaped,
for pages and fragments rendered outside Datasette: the standalone redline and the charts."""

from __future__ import annotations

import functools

import jinja2

from billtracker.config import PROJECT_ROOT

TEMPLATES_DIR = PROJECT_ROOT / "templates"


@functools.cache
def environment() -> jinja2.Environment:
    """A Jinja environment over ``templates/`` with autoescape on."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True)


def render(name: str, **context) -> str:
    """Render one template."""
    return environment().get_template(name).render(**context)


def macro(name: str, macro_name: str):
    """A macro of a template, callable from Python (returns escaped markup)."""
    return getattr(environment().get_template(name).module, macro_name)
