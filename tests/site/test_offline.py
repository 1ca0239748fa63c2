"""The offline audit (converter/offline.py) and `policy-site build --offline --zip`."""
from __future__ import annotations

import zipfile

import pytest

from converter.cli import main
from converter.commands.output import zip_site
from converter.site.offline import external_loads

from conftest import local_links


@pytest.mark.parametrize("html, expected", [
    ('<script src="https://unpkg.com/iframe-worker/shim"></script>', ["script src https://unpkg.com/iframe-worker/shim"]),
    ('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Noto">',
     ["link href https://fonts.googleapis.com/css?family=Noto"]),
    ('<link rel="preconnect" href="//fonts.gstatic.com">', ["link href //fonts.gstatic.com"]),
    ('<img srcset="a.png 1x, https://cdn.example/b.png 2x">', ["img srcset https://cdn.example/b.png"]),
    ('<div style="background: url(\'https://cdn.example/bg.png\')"></div>', ["style attribute https://cdn.example/bg.png"]),
    ('<style>@import "https://cdn.example/x.css";</style>', ["style element https://cdn.example/x.css"]),
    ('<iframe src="HTTP://EXAMPLE.COM/"></iframe>', ["iframe src HTTP://EXAMPLE.COM/"]),
    # what the first audit missed (each made a request in Chromium)
    ('<img src="https:cdn.example/a.png">', ["img src https:cdn.example/a.png"]),              # no slashes
    ('<img src="http:\\\\cdn.example\\a.png">', ["img src http://cdn.example/a.png"]),        # backslashes
    ('<svg><image href="https://cdn.example/a.png"/></svg>', ["image href https://cdn.example/a.png"]),
    ('<svg><image xlink:href="//cdn.example/a.png"/></svg>', ["image xlink:href //cdn.example/a.png"]),
    ('<div style="background-image:image-set(\'https://cdn.example/a.png\' 1x)"></div>',
     ["style attribute https://cdn.example/a.png"]),
    ('<iframe srcdoc="&lt;img src=&quot;https://cdn.example/a.png&quot;&gt;"></iframe>',
     ["iframe srcdoc: img src https://cdn.example/a.png"]),
    ('<table background="https://cdn.example/bg.png"></table>', ["table background https://cdn.example/bg.png"]),
    ('<script>fetch("https://api.example/x")</script>', ["inline script https://api.example/x"]),
    ('<img src="x.png" onerror="fetch(\'//api.example/x\')">', ["img onerror //api.example/x"]),
    ('<img src=" \t//cdn.example/a.png">', ["img src //cdn.example/a.png"]),                  # spaces, tab
    ('<meta http-equiv="refresh" content="0; url=https://example.org/">', ["meta refresh https://example.org/"]),
    ('<base href="https://example.org/">', ["base href https://example.org/"]),
    ('<video poster="https://cdn.example/p.jpg"></video>', ["video poster https://cdn.example/p.jpg"]),
    ('<object data="ftp://cdn.example/a.swf"></object>', ["object data ftp://cdn.example/a.swf"]),
    ('<iframe src="javascript:fetch(\'https://api.example/\')"></iframe>',
     ["iframe src javascript:fetch('https://api.example/')"]),
    # links a reader follows, and local or inline resources, are not loads
    ('<a href="https://www.gov.cn/">中国政府网</a>', []),
    ('<link rel="alternate" type="application/atom+xml" href="https://example.org/feed.xml">', []),
    ('<link rel="canonical" href="https://example.org/a.html">', []),
    ('<script src="assets/javascripts/bundle.js"></script><img src="data:image/png;base64,AAAA">', []),
    ('<link rel="stylesheet" href="../assets/x.css"><div style="background:url(img/a.png)"></div>', []),
    ('<svg xmlns="http://www.w3.org/2000/svg"><a href="https://gov.cn/">x</a></svg>', []),   # a namespace, a link
    ('<p title="见 https://www.gov.cn/" class="x">文字</p><a href="mailto:a@b.cn">信</a>', []),  # text, not URLs
    ('<style>[id^="fnref:"]{outline:auto}</style><script>var u = "data:,x";</script>', []),
])
def test_external_loads_in_html(tmp_path, html, expected):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.html").write_text(f"<html><head></head><body>{html}</body></html>", encoding="utf-8")
    assert [f"{x.what} {x.url}" for x in external_loads(tmp_path)] == expected
    assert all(x.file == "sub/page.html" for x in external_loads(tmp_path))


@pytest.mark.parametrize("css, expected", [
    ('@font-face{src:url("https://fonts.gstatic.com/s/noto.woff2")}', ["https://fonts.gstatic.com/s/noto.woff2"]),
    ("@import 'https://cdn.example/a.css';", ["https://cdn.example/a.css"]),
    ("body{background:url(../images/a.svg)}", []),
    ('a{background:image-set("https://cdn.example/a.png" 1x, "b.png" 2x)}', ["https://cdn.example/a.png"]),
    ("@import url(//cdn.example/a.css);", ["//cdn.example/a.css"]),
    ('[id^="fnref:"]{outline:auto}', []),
])
def test_external_loads_in_css(tmp_path, css, expected):
    (tmp_path / "a.css").write_text(css, encoding="utf-8")
    assert [x.url for x in external_loads(tmp_path)] == expected


def test_offline_build_zips_a_site_that_loads_nothing_from_outside(tmp_path, capsys):
    site, target = tmp_path / "site", tmp_path / "out" / "政策汇编站.zip"
    assert main(["-q", "build", "--offline", "--zip", str(target), "--site", str(site),
                 "--docs", str(tmp_path / "docs")]) == 0
    assert external_loads(site) == []
    assert_error_page_links_from_disk(site)
    with zipfile.ZipFile(target) as z:
        names = z.namelist()
        assert "政策汇编站/index.html" in names and "政策汇编站/search/docs.js" in names
        assert all(n.startswith("政策汇编站/") for n in names)
        assert len(names) == sum(1 for p in site.rglob("*") if p.is_file())
    # reproducible: the same site zips to the same bytes
    again = zip_site(site, tmp_path / "again" / "政策汇编站.zip")
    assert again.read_bytes() == target.read_bytes()


def assert_error_page_links_from_disk(site):
    """404.html names its stylesheets, scripts and nav relatively: each resolves inside the site."""
    local, missing = local_links(site, "404.html")
    assert local and not [t for t in local if t.startswith("/")], local
    assert missing == []


def test_offline_build_refuses_a_page_that_loads_from_the_network(tmp_path, capsys):
    site, docs = tmp_path / "site", tmp_path / "docs"
    assert main(["-q", "build", "--site", str(site), "--docs", str(docs)]) == 0
    before = (site / "index.html").read_bytes()
    (docs / "extra.md").write_text('# 外链\n\n<img src="https://cdn.example/logo.png">\n', encoding="utf-8")
    assert main(["-q", "build", "--offline", "--site", str(site), "--docs", str(docs)]) == 1
    err = capsys.readouterr().err
    assert "extra.html: img src https://cdn.example/logo.png" in err and "Traceback" not in err
    assert (site / "index.html").read_bytes() == before          # the previous site is untouched
    assert not (site / "extra.html").exists()
    # without --offline the same page builds (a served site may embed what its authors want)
    assert main(["-q", "build", "--site", str(site), "--docs", str(docs)]) == 0
    assert (site / "extra.html").exists()


def test_quiet_build_is_still_strict(tmp_path, capsys):
    """-q hides warnings from the terminal, not from MkDocs' strict mode: a broken link still fails."""
    site, docs = tmp_path / "site", tmp_path / "docs"
    assert main(["-q", "build", "--site", str(site), "--docs", str(docs)]) == 0
    (docs / "broken.md").write_text("# 坏链接\n\n[去向不明](no-such-page.md)\n", encoding="utf-8")
    assert main(["-q", "build", "--site", str(site), "--docs", str(docs)]) == 1
    assert "strict" in capsys.readouterr().err
    assert not (site / "broken.html").exists()
