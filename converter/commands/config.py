"""Which mkdocs.yml, docs folder and site folder a command uses."""
from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def config_path(config: str | Path | None) -> Path:
    if config:
        return Path(config)
    here = Path("mkdocs.yml")
    return here if here.exists() else PROJECT / "mkdocs.yml"


def mkdocs_config(config: str | Path | None, docs_dir: Path | None, site_dir: Path | None,
                  site_url: str | None = None):
    from mkdocs.config import load_config

    overrides = {}
    if site_url:
        overrides["site_url"] = site_url if site_url.endswith("/") else site_url + "/"
    if docs_dir is not None:
        overrides["docs_dir"] = str(docs_dir.resolve())
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir.resolve())
    # Search is indexed by the policy-search plugin, which reads the jieba user dictionary
    # (render.SEARCH_WORDS, its `words` option) from the docs folder itself.
    return load_config(str(config_path(config)), **overrides)


def default_docs_dir(config: str | Path | None) -> Path:
    import yaml

    path = config_path(config)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}
    return (path.parent / data.get("docs_dir", "docs")).resolve()


def default_site_dir(config: str | Path | None) -> Path:
    import yaml

    path = config_path(config)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}
    return (path.parent / data.get("site_dir", "site")).resolve()


def project_folder(config: str | Path | None = None) -> Path:
    """The folder of the mkdocs.yml in use: never a docs or site folder itself."""
    return config_path(config).resolve().parent
