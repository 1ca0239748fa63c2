"""Command line: `policy-site convert|build|serve [INPUT...]`, `policy-site init FOLDER` (also `python -m converter`)."""
from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from converter.commands import build as build_command
from converter.commands import convert as convert_command
from converter.commands import init as init_command
from converter.commands import progress
from converter.commands import serve as serve_command
from converter.errors import InputError, OfflineError
from converter.stages.segment.labeller import DEFAULT as DEFAULT_SEGMENTER, SEGMENTERS

EPILOG = "INPUT: compilation files (.txt) or folders of them. With no INPUT, the bundled sample is used."


def summary(lines: list[str], stats, seconds: float) -> str:
    """`library_summary` lines (commands/convert.py), the last completed with what was written."""
    return "\n".join(lines[:-1] + [f"{lines[-1]}; {stats['written']} files written, {stats['unchanged']} unchanged, "
                                    f"{stats['removed']} removed in {seconds:.1f} s"])


def setup_logging(shown: int) -> None:
    """Show messages from level `shown` up. Quietness is the handler's: the loggers keep passing
    warnings on, because MkDocs' strict mode counts them with a handler of its own (a logger set to
    ERROR would let a strict build with broken links pass under -q)."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "policy_site", False)]:   # main() run again
        root.removeHandler(old)
    handler = logging.StreamHandler()
    handler.policy_site = True
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.setLevel(shown)
    root.addHandler(handler)
    root.setLevel(min(shown, logging.WARNING))
    logging.getLogger("mkdocs").setLevel(min(shown, logging.WARNING))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="policy-site", description="政策汇编站: compilations → searchable static site.",
                                epilog=EPILOG)
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("convert", help="convert compilations into Markdown pages + corpus.json", epilog=EPILOG)
    c.add_argument("inputs", nargs="*", metavar="INPUT")
    c.add_argument("--out", required=True, type=Path, metavar="DOCS_DIR", help="docs folder to write into")
    b = sub.add_parser("build", help="convert into the docs folder, then build the site", epilog=EPILOG)
    b.add_argument("inputs", nargs="*", metavar="INPUT")
    b.add_argument("--site", type=Path, metavar="SITE_DIR", help="output folder (default: site_dir of mkdocs.yml)")
    b.add_argument("--docs", type=Path, metavar="DOCS_DIR", help="docs folder (default: docs_dir of mkdocs.yml)")
    b.add_argument("--config", metavar="MKDOCS_YML", help="MkDocs configuration (default: ./mkdocs.yml)")
    b.add_argument("--offline", action="store_true",
                   help="check that the site loads nothing from the network (opens from file:// anywhere); "
                        "refuse it otherwise")
    b.add_argument("--zip", type=Path, metavar="FILE.zip", help="also pack the site into a zip (with --offline: "
                                                                 "unpack on any machine, open index.html)")
    b.add_argument("--site-url", metavar="URL", help="the site's address (default: site_url of mkdocs.yml): "
                                                     "sitemap, canonical and feed links are absolute with it")
    s = sub.add_parser("serve", help="convert, serve with live reload, and re-convert inputs that change "
                                     "(a new issue dropped into a watched folder appears in the browser)",
                       epilog=EPILOG)
    s.add_argument("inputs", nargs="*", metavar="INPUT")
    s.add_argument("--config", metavar="MKDOCS_YML")
    s.add_argument("--docs", type=Path, metavar="DOCS_DIR", help="docs folder (default: docs_dir of mkdocs.yml)")
    s.add_argument("--dev-addr", metavar="IP:PORT", help="address to serve on (default 127.0.0.1:8000)")
    for command in (c, b, s):
        command.add_argument("--segmenter", choices=SEGMENTERS, default=DEFAULT_SEGMENTER,
                             help="how compilations are split into documents: the learned CRF model "
                                  "(converter/data/segmenter.crfsuite, the default), the rules deciding where "
                                  "it is unsure, or the rules alone")
    i = sub.add_parser("init", help="write a site folder to start from (mkdocs.yml, overrides/, docs/)")
    i.add_argument("folder", type=Path, metavar="FOLDER", help="a new or empty folder")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    setup_logging(logging.ERROR if args.quiet else logging.INFO if args.command == "serve" else logging.WARNING)
    progress.ENABLED = False if args.quiet else None      # bars on a terminal only
    t0 = time.perf_counter()
    try:
        if args.command == "init":
            written = init_command.init(args.folder)
            if not args.quiet:
                print("\n".join(f"wrote {p}" for p in written))
                print(f"then: cd {args.folder} && policy-site build ISSUES/")
            return 0
        if args.command == "convert":
            library, stats = convert_command.convert(args.inputs, args.out, segmenter=args.segmenter)
            report = convert_command.library_summary(library)
        elif args.command == "build":
            report, stats, site = build_command.build(args.inputs, args.site, args.docs, args.config,
                                                       offline=args.offline, zip_target=args.zip,
                                                       site_url=args.site_url, segmenter=args.segmenter)
        else:
            serve_command.serve(args.inputs, args.config, args.dev_addr, args.docs, segmenter=args.segmenter)
            return 0
    except (InputError, OfflineError) as exc:
        if args.debug:
            raise
        for line in str(exc).splitlines():
            print(f"policy-site: error: {line}", file=sys.stderr)
        return 2 if isinstance(exc, InputError) else 1
    except Exception as exc:  # noqa: BLE001 - one line for the user, the traceback with --debug
        if args.debug:
            raise
        print(f"policy-site: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    if not args.quiet:
        print(summary(report, stats, time.perf_counter() - t0))
        if args.command == "build":
            print(f"site: {site}/index.html" + (" (offline: no external loads)" if args.offline else ""))
            if args.zip:
                print(f"zip: {args.zip}")
    return 0
