"""MkDocs hook: the error page (404.html) links relatively when no ``site_url`` is set.

MkDocs gives error templates the base URL ``/`` when ``site_url`` is empty, so 404.html asks for
``/assets/…`` and ``/issues/index.html``: from disk (file://) those point at the root of the file
system, and on a server they are wrong whenever the site is not at the server's root. Without a
``site_url`` the 404 page lives at the top of the site, so ``.`` is the right base, as for any
top-level page. With a ``site_url`` MkDocs' absolute base is kept (a server shows 404.html for
URLs at any depth).
"""

from __future__ import annotations

from mkdocs.utils import normalize_url

ERROR_TEMPLATES = frozenset({"404.html"})
TOP_LEVEL_BASE = "."


def on_template_context(context, template_name, config):
    if template_name not in ERROR_TEMPLATES or config.site_url:
        return context
    context["base_url"] = TOP_LEVEL_BASE
    context["extra_css"] = [normalize_url(str(path), None, TOP_LEVEL_BASE) for path in config.extra_css]
    context["extra_javascript"] = [
        normalize_url(str(script), None, TOP_LEVEL_BASE) for script in config.extra_javascript
    ]
    return context
