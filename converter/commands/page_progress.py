"""A bar over the pages of a MkDocs build (progress.py), as a MkDocs plugin that `build` adds.

Its own module so that `convert`, which builds no site, never imports MkDocs (0.06 s a run).
"""
from __future__ import annotations

from mkdocs.plugins import BasePlugin

from converter.commands.progress import bar


class PageProgress(BasePlugin):
    """MkDocs plugin: one bar over the pages of a build."""

    def __init__(self):
        super().__init__()
        self._bar = None

    def on_files(self, files, config):
        self._bar = bar("build", sum(1 for f in files if f.is_documentation_page()), unit="page")
        return files

    def on_page_context(self, context, page, config, nav):
        if self._bar is not None:
            self._bar.update()
        return context

    def on_post_build(self, config):
        self._close()

    def on_build_error(self, error):
        self._close()

    def _close(self):
        if self._bar is not None:
            self._bar.close()
            self._bar = None
