"""Synthetic corpus for the benchmark: N monthly issues derived from the bundled sample and, when
present, the real compilations in ../shared/seeds (read in place; their text is never stored in the
repository: generated issues go to a git-ignored folder, bench/out/ by default).

    .venv/bin/python bench/generate.py 100 --out bench/out/corpus-100      # 100 issues
    .venv/bin/python bench/generate.py 10 --out /tmp/c10 --check           # + convert and count merges

Issue k is one .txt file made of one or more source compilations ("slots"), chosen so that an issue holds
about --docs-per-issue documents (30 by default; with the seeds: 3,000 documents at 100 issues). Each
slot is the source text rewritten so that nothing in it merges with another issue:

* titles: every name a document is known by (its title, headline, TOC title, the X of 关于印发《X》,
  inner titles, the 关于… part) gets the issue's tag of two city names inserted (no city in two
  issues' tags up to 145 issues, three cities after, no two of them together in another tag; twice in
  names of 20+ characters), wherever it is printed (title
  lines, even when wrapped over two lines, the TOC, 《…》 references in interpretations and citations),
  so interpretation → policy links and citations inside the issue still resolve;
* 文号: the number gets a per-use thousands prefix (`工信部联装〔2031〕58号` → `工信部联装〔2020〕2058号`;
  also `2024年第20号`, `公告第五九四号`), the year follows the dates;
* dates: issue k is dated 2020-01 + k months; every date of the slot is moved by the same number of
  months, every bare year (`2031年`, `〔2031〕`, `（2031—2033年）`) by the same number of years;
* cover: `总第 N 期` becomes k + 1.

The text keeps its length, layout, page furniture and structure. Deterministic: the same N gives the
same bytes (tags come from a seeded generator).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from converter.vocab import patterns as P  # noqa: E402
from converter.read import read_source  # noqa: E402
from converter.pipeline import convert_file
from converter.text.dates import period_start  # noqa: E402
from converter.stages.resolve import alt_titles  # noqa: E402
from converter.text.titles import key  # noqa: E402

SAMPLE = ROOT / "converter" / "sample"
SEEDS = ROOT.parent / "shared" / "seeds"
DEFAULT_OUT = ROOT / "bench" / "out"
SEED = 20240601
#: First issue's period; issue k is this plus k months.
BASE_YEAR, BASE_MONTH = 2020, 1

CITIES = ("北京 天津 上海 重庆 石家庄 唐山 保定 太原 大同 呼和浩特 包头 沈阳 大连 鞍山 长春 吉林 哈尔滨 齐齐哈尔 "
          "南京 无锡 徐州 常州 苏州 南通 扬州 镇江 泰州 盐城 杭州 宁波 温州 嘉兴 湖州 绍兴 金华 台州 合肥 芜湖 "
          "蚌埠 安庆 福州 厦门 泉州 漳州 南昌 赣州 九江 济南 青岛 淄博 烟台 潍坊 济宁 威海 临沂 郑州 洛阳 开封 "
          "新乡 许昌 南阳 武汉 宜昌 襄阳 黄石 长沙 株洲 湘潭 衡阳 岳阳 广州 深圳 珠海 佛山 东莞 中山 惠州 江门 "
          "湛江 南宁 柳州 桂林 海口 三亚 成都 绵阳 德阳 宜宾 贵阳 遵义 昆明 曲靖 拉萨 西安 宝鸡 咸阳 兰州 天水 "
          "西宁 银川 乌鲁木齐 克拉玛依 秦皇岛 邯郸 邢台 张家口 承德 沧州 廊坊 衡水 阳泉 长治 晋城 朔州 晋中 运城 忻州 "
          "临汾 吕梁 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 "
          "朝阳 葫芦岛 四平 辽源 通化 白山 松原 白城 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 连云港 "
          "淮安 宿迁 舟山 丽水 衢州 淮南 马鞍山 淮北 铜陵 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城 莆田 三明 南平 "
          "龙岩 宁德 景德镇 萍乡 新余 鹰潭 吉安 宜春 抚州 上饶 枣庄 东营 泰安 日照 德州 聊城 滨州 菏泽 平顶山 安阳 "
          "鹤壁 焦作 濮阳 漯河 三门峡 商丘 信阳 周口 驻马店 十堰 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 邵阳 常德 张家界 "
          "益阳 郴州 永州 怀化 娄底 韶关 汕头 茂名 肇庆 梅州 汕尾 河源 阳江 清远 潮州 揭阳 云浮 梧州 北海 防城港 "
          "钦州 贵港 玉林 百色 贺州 河池 来宾 崇左 儋州 自贡 攀枝花 泸州 广元 遂宁 内江 乐山 南充 眉山 广安 达州 "
          "雅安 巴中 资阳 六盘水 安顺 毕节 铜仁 玉溪 保山 昭通 丽江 普洱 临沧 铜川 渭南 延安 汉中 榆林 安康 商洛 "
          "嘉峪关 金昌 白银 武威 张掖 平凉 酒泉 庆阳 定西 陇南 海东 石嘴山 吴忠 固原 中卫 吐鲁番 哈密").split()

CN_DIGITS = "〇一二三四五六七八九"
CN_VALUE = {c: i for i, c in enumerate(CN_DIGITS)} | {"零": 0, "○": 0, "Ｏ": 0}


# --- sources --------------------------------------------------------------------------------------

@dataclass
class Source:
    path: Path
    text: str
    docs: int
    year: int
    month: int
    names: list[tuple[tuple[int, ...], str]]  # (insertion offsets among non-space characters, name without spaces)
    template: list  # literal strings and (kind, value...) holes, see `template`


def sources(use_seeds: bool = True) -> list[Path]:
    found = sorted(SAMPLE.glob("*.txt"))
    if use_seeds and SEEDS.is_dir():
        found += sorted(SEEDS.glob("*.txt"))
    return found


#: Names at least this long (key characters) get the tag twice: one tag alone would leave two
#: versions of a long title without 文号 similar enough to merge (resolve.MERGE_MATCH).
LONG_NAME = 20


def insertion_points(name: str) -> tuple[int, ...]:
    """Where the tag goes in a name (indexes in the name without spaces): after 关于, after a verb of
    issuing (`印发《`), after an interpretation head (`专家解读之一 | 《`), else at the start; in a long
    name also before its last 的 (or its last four characters)."""
    s = "".join(name.split())
    base = 0
    if m := P.INTERPRETATION_HEAD.match(s):
        base = m.end()
    first = base + 1 if s[base:base + 1] == "《" else base
    for pat in (r"关于", r"(?:印发|发布|出台|公布|召开|举行|举办|启动|开展)《?"):
        m = re.compile(pat).search(s, base)
        if m and len(s) - m.end() >= 4:
            first = m.end()
            break
    if len(key(s)) < LONG_NAME:
        return (first,)
    second = s.rfind("的")
    if second < first + 8:
        second = max(first + 8, len(s) - 4)
    return (first, second)


def names_of(comp) -> list[tuple[int, str]]:
    """The minimal names of an issue's documents: names that contain another name are changed through it."""
    found: dict[str, str] = {}
    for doc in comp.documents:
        for t in alt_titles(doc) + ([doc.named_policy] if doc.named_policy else []):
            t = "".join(t.split())
            if len(key(t)) >= 6:
                found.setdefault(key(t), t)
    keys = sorted(found, key=len)
    minimal = [k for i, k in enumerate(keys) if not any(o in k for o in keys[:i] if o != k)]
    return [(insertion_points(found[k]), found[k]) for k in minimal]


def analyse(path: Path) -> Source:
    comp = convert_file(path)
    start = period_start(comp.cover.period)
    year, month = (int(start[0]), start[1] or ((start[2] or 1) - 1) * 3 + 1) if start else (BASE_YEAR, 1)
    text = read_source(path).text.replace("\r\n", "\n")     # a converted compilation keeps no text
    names = names_of(comp)
    src = Source(path, text, len(comp.documents), year, month, names, [])
    src.template = template(text, names)
    return src


# --- the template: the source text with holes for tags, dates, numbers ----------------------------

SP = r"[ \t\u3000]*"
YEAR = r"(?:19|20)\d\d"
HOLES = [  # (regex, {group: kind}); earlier patterns claim their characters first
    (P.DOC_NUMBER, {"year": "year", "num": "num"}),
    (re.compile(rf"(?P<year>{YEAR}){SP}年{SP}第{SP}(?P<num>\d{{1,5}}){SP}号"), {"year": "year", "num": "num"}),
    (re.compile(rf"(?:公告|令){SP}第{SP}(?P<num>\d{{1,5}}){SP}号"), {"num": "num"}),
    (re.compile(rf"(?:公告|令){SP}第(?P<cnum>[〇零一二三四五六七八九]{{2,6}})号"), {"cnum": "cnum"}),
    (re.compile(rf"(?P<y>{YEAR}){SP}年{SP}(?P<m>\d{{1,2}}){SP}月{SP}(?P<d>\d{{1,2}}){SP}日"), {"y": "ym", "m": "m", "d": "d"}),
    (re.compile(rf"(?<!\d)(?P<y>{YEAR})[-./](?P<m>\d{{1,2}})[-./](?P<d>\d{{1,2}})(?!\d)"), {"y": "ym", "m": "m", "d": "d"}),
    (re.compile(r"(?P<y>[〇零一二三四五六七八九○Ｏ]{4})年(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日"),
     {"y": "cym", "m": "cm", "d": "cd"}),
    (re.compile(rf"(?P<y>{YEAR}){SP}年{SP}(?P<m>\d{{1,2}}){SP}[—–-]{SP}(?P<m2>\d{{1,2}}){SP}月"), {"y": "ym", "m": "m", "m2": "m2"}),
    (re.compile(rf"(?P<y>{YEAR}){SP}年{SP}(?P<m>\d{{1,2}}){SP}月"), {"y": "ym", "m": "m"}),
    (re.compile(rf"(?<!\d)(?P<year>{YEAR})(?={SP}(?:年|版|[—–-]{SP}{YEAR}))"), {"year": "year"}),
    (re.compile(rf"(?<=[—–-]){SP}(?P<year>{YEAR})(?={SP}年)"), {"year": "year"}),
    (re.compile(rf"[〔\[［（(【]{SP}(?P<year>{YEAR}){SP}[〕\]］）)】]"), {"year": "year"}),
    (re.compile(rf"总第{SP}(?P<n>\d+){SP}期"), {"n": "issue"}),
]


#: Characters printed either way in one issue (the TOC and the title line may differ).
SAME = {c: "[" + re.escape(group) + "]" for group in ("（(", "）)", "〔[［【", "〕]］】", "：:", "，,", "—–-", "·•")
        for c in group}


def name_pattern(names: list[tuple[tuple[int, ...], str]]) -> re.Pattern | None:
    if not names:
        return None
    alts = [r"\s*".join(SAME.get(c) or re.escape(c) for c in n) for _, n in sorted(names, key=lambda x: -len(x[1]))]
    return re.compile("|".join(alts))


def bare(text: str) -> str:
    """A name as matched, compared with the name as known: no spaces, one form of each bracket."""
    return "".join(SAME.get(c, c)[1] if c in SAME else c for c in text if not c.isspace())


def template(text: str, names: list[tuple[tuple[int, ...], str]]) -> list:
    """Literal chunks and holes: ("tag",) at name insertion points; (kind, value, group) for numbers."""
    holes: list[tuple[int, int, tuple]] = []  # (start, end, hole)
    claimed = bytearray(len(text))
    offsets = {bare(n): off for off, n in names}
    if pat := name_pattern(names):
        for m in pat.finditer(text):
            raw, want, seen = m.group(), set(offsets[bare(m.group())]), 0
            for i, ch in enumerate(raw):
                if ch.isspace():
                    continue
                if seen in want:
                    holes.append((m.start() + i, m.start() + i, ("tag",)))
                seen += 1
            if seen in want:
                holes.append((m.end(), m.end(), ("tag",)))
    for regex, groups in HOLES:
        for m in regex.finditer(text):
            spans = [(m.start(g), m.end(g), kind, m.group(g), m) for g, kind in groups.items() if m.group(g)]
            if any(any(claimed[s:e]) for s, e, *_ in spans):
                continue
            for s, e, kind, value, mm in spans:
                claimed[s:e] = b"\1" * (e - s)
                holes.append((s, e, (kind, value, mm.groupdict())))
    holes.sort(key=lambda h: (h[0], h[1]))
    out, last = [], 0
    for s, e, hole in holes:
        if s < last:                      # a tag inside a number: put it after the number
            s = e = last
        out.append(text[last:s])
        out.append(hole)
        last = e
    out.append(text[last:])
    return out


def cn_number(s: str) -> int:
    """一二三 … 十 … as an int: 五九四 = 594, 十二 = 12, 二十五 = 25."""
    if "十" not in s:
        return int("".join(str(CN_VALUE[c]) for c in s))
    tens, _, ones = s.partition("十")
    return (CN_VALUE[tens] if tens else 1) * 10 + (CN_VALUE[ones] if ones else 0)


def cn_small(n: int) -> str:
    """12 → 十二, 25 → 二十五 (months and days)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def render(src: Source, tag: str, shift_months: int, use: int, issue_no: int) -> str:
    """The slot's text: tag at every name, dates moved by shift_months, 文号 numbers given prefix `use`."""
    def shift_ym(y: int, m: int) -> tuple[int, int]:
        t = y * 12 + (m - 1) + shift_months
        return t // 12, t % 12 + 1

    years = (src.year * 12 + src.month - 1 + shift_months) // 12 - src.year

    def num(n: int) -> int:
        return (use % 99 + 1) * 1000 + n % 1000

    out = []
    for part in src.template:
        if isinstance(part, str):
            out.append(part)
            continue
        kind = part[0]
        if kind == "tag":
            out.append(tag)
            continue
        value, g = part[1], part[2]
        if kind == "year":
            out.append(str(int(value) + years))
        elif kind == "num":
            out.append(str(num(int(value))))
        elif kind == "cnum":
            out.append("".join(CN_DIGITS[int(c)] for c in str(num(cn_number(value)))))
        elif kind == "issue":
            out.append(str(issue_no))
        elif kind in ("ym", "m", "d", "m2"):
            y, m = shift_ym(int(g["y"]), int(g["m"]))
            if kind == "ym":
                out.append(str(y))
            elif kind == "m":
                out.append(str(m))
            elif kind == "m2":
                out.append(str(shift_ym(int(g["y"]), int(g["m2"]))[1]))
            else:
                out.append(str(min(int(value), 28)))
        elif kind in ("cym", "cm", "cd"):
            y0 = int("".join(str(CN_VALUE[c]) for c in g["y"]))
            y, m = shift_ym(y0, cn_number(g["m"]))
            out.append("".join(CN_DIGITS[int(c)] for c in str(y)) if kind == "cym" else
                       cn_small(m) if kind == "cm" else cn_small(min(cn_number(value), 28)))
        else:  # pragma: no cover
            raise ValueError(kind)
    return "".join(out)


# --- issues ---------------------------------------------------------------------------------------

def packs(srcs: list[Source], per_issue: int) -> list[list[int]]:
    """Sources grouped into issues of about per_issue documents: big ones alone, small ones together
    (cycling through the small ones when they are too few, as with the sample alone)."""
    floor = per_issue * 0.8
    big = [i for i, s in enumerate(srcs) if s.docs >= floor]
    small = [i for i, s in enumerate(srcs) if s.docs < floor]
    out = [[i] for i in big]
    if small:
        pack, docs, k, used = [], 0, 0, set()
        while True:
            i = small[k % len(small)]
            if k >= len(small) and not pack:
                break
            pack.append(i)
            used.add(i)
            docs += srcs[i].docs
            k += 1
            if docs >= floor:
                out.append(pack)
                pack, docs = [], 0
                if len(used) == len(small):
                    break
    return out


def issue_tags(count: int, rng: random.Random) -> list[str]:
    """One tag per issue. The first len(CITIES) // 2 issues get two city names each, no city in two
    tags (a shared city would leave two versions of a title without 文号 close enough to merge). Later
    issues get three cities, no two of them in any earlier tag: two tags then differ by at least two
    city names, and no tag repeats (reshuffled pairs repeated a pair now and then: 1,231 of 27,000
    documents merged across issues at 1,000 issues)."""
    cities = list(dict.fromkeys(CITIES))
    rng.shuffle(cities)
    out = [f"{cities[i]}、{cities[i + 1]}" for i in range(0, len(cities) - 1, 2)][:count]
    used = {frozenset(t.split("、")) for t in out}
    while len(out) < count:
        trio = rng.sample(cities, 3)
        pairs = [frozenset((trio[i], trio[j])) for i, j in ((0, 1), (0, 2), (1, 2))]
        if any(p in used for p in pairs):
            continue
        used.update(pairs)
        out.append("、".join(trio))
    return out


def generate(n: int, out: Path, per_issue: int = 30, use_seeds: bool = True, verbose: bool = False) -> dict:
    srcs = [analyse(p) for p in sources(use_seeds)]
    plan = packs(srcs, per_issue)
    rng = random.Random(SEED)
    issues = [plan[k % len(plan)] for k in range(n)]
    all_tags = issue_tags(n, rng)
    spare = list(dict.fromkeys(CITIES))
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("issue-*.txt"):
        old.unlink()
    uses: dict[int, int] = {}
    total_bytes = expected = 0
    for k, pack in enumerate(issues):
        y, m = divmod(BASE_YEAR * 12 + BASE_MONTH - 1 + k, 12)
        m += 1
        parts = []
        for j, i in enumerate(pack):
            s = srcs[i]
            shift = (y * 12 + m) - (s.year * 12 + s.month)
            # one tag for the whole issue: a digest item and the full text it summarises (two sources
            # of one issue) still merge, as in the sources; a source repeated in one issue (the sample
            # alone) gets a third city the second time
            tag = all_tags[k] + ("" if i not in pack[:j] else "、" + spare[(k * 7 + j) % len(spare)])
            parts.append(render(s, tag, shift, uses.get(i, 0), k + 1))
            uses[i] = uses.get(i, 0) + 1
            expected += s.docs
        data = "\n\n\n".join(parts).encode("utf-8")
        (out / f"issue-{k + 1:03d}-{y}-{m:02d}.txt").write_bytes(data)
        total_bytes += len(data)
        if verbose:
            print(f"issue {k + 1}: {y}-{m:02d} from {[srcs[i].path.name for i in pack]}")
    info = {"issues": n, "files": n, "bytes": total_bytes, "source_documents": expected,
            "sources": [s.path.name if s.path.parent == SAMPLE else "seed:" + s.path.name[:3] for s in srcs],
            "packs": [[srcs[i].docs for i in p] for p in plan]}
    (out / "generated.json").write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return info


def merges(corpus_json: Path) -> dict:
    """Pages, documents per issue and pages shared by two issues (there should be none)."""
    corpus = json.loads(corpus_json.read_text(encoding="utf-8"))
    per = [len(c["documents"]) for c in corpus["compilations"]]
    shared = [d["id"] for d in corpus["documents"] if len({o["compilation"] for o in d["occurrences"]}) > 1]
    return {"pages": len(corpus["documents"]), "compilations": len(per), "docs_per_issue": sum(per) / max(1, len(per)),
            "shared_across_issues": len(shared), "examples": shared[:5]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("issues", type=int)
    ap.add_argument("--out", type=Path, help="folder for the issue files (default bench/out/corpus-N)")
    ap.add_argument("--docs-per-issue", type=int, default=30)
    ap.add_argument("--no-seeds", action="store_true", help="use the bundled sample only")
    ap.add_argument("--check", action="store_true", help="convert the result and count documents merged across issues")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    out = args.out or DEFAULT_OUT / f"corpus-{args.issues}"
    info = generate(args.issues, out, args.docs_per_issue, not args.no_seeds, args.verbose)
    print(f"{info['issues']} issues, {info['bytes'] / 1e6:.1f} MB, {info['source_documents']} documents in the "
          f"sources' own conversion, in {out}")
    if args.check:
        docs = out.parent / (out.name + "-docs")
        subprocess.run([sys.executable, "-m", "converter", "-q", "convert", str(out), "--out", str(docs)], check=True,
                       cwd=ROOT)
        print(json.dumps(merges(docs / "data" / "corpus.json"), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
