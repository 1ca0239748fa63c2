"""The source documents the layout generator composes compilations from, each as its truth (DocTruth)
and its paragraphs with their roles.

    docs = documents.load_all()          # corpus (when ../shared/corpus is there) + sample + invented
    docs = documents.load_invented()     # only what is in the repository

Three sources:
- `../shared/corpus/`: real public documents, one per file (docs/NNN.txt, index.json). Read from there,
  never copied into the repository; absent on a fresh machine, then simply not loaded.
- the bundled invented sample (converter/sample/*.txt with converter/sample/LABELS.yaml): its full
  documents (policies, interpretations, news), cut at the labelled start lines. The seed labels in
  tests/labels/ are never read here: the seeds are held out.
- invented documents written for training (training/invented/*.yaml).
- synthetic documents (training/synth.py): policies, interpretations and news put together from the
  vocabulary and phrase banks, for variety in titles, 文号, issuers and dates.

A paragraph's role is read from its shape (numbering, a date alone, names under the text, …): these
roles are what the generator prints and what a line labeller is trained to predict.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from converter.model import Role
from converter.vocab import VOCAB
from converter.vocab import patterns as P
from training.records import DocTruth

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLE = ROOT / "converter" / "sample"
INVENTED = Path(__file__).resolve().parent / "invented"

#: A heading inside a document: 一、 （一） 1. 1、 第一章 第一节 (an article 第一条 … is body text unless short).
HEADING_SHAPE = re.compile(rf"^(?:[{P.CN_NUM}]+、|[（(][{P.CN_NUM}]+[）)]|\d{{1,2}}[.．、](?!\d)|第[{P.CN_NUM}\d]+[章节部分编])")
#: An article: 第一条 …
ARTICLE = re.compile(rf"^第[{P.CN_NUM}\d]+条")
#: A web page's metadata line under a title: 来源：… / 信息来源：… / 发布时间：… / 2019-01-22 16:40 来源：….
SOURCE_META = re.compile(r"^(?:(?:信息)?来源[:：]|发布(?:时间|日期)[:： ]|\d{4}-\d{2}-\d{2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s|$))")
#: A reporter's or speaker's line (新华社记者 / 张三 省商务厅二级巡视员), not a heading.
SPEAKER = re.compile(r"记者|巡视员|主任|局长|司长|部长|发言人|负责人|主持人$")
#: A 令 header line printed in the source after the title: 无锡市人民政府令 / 第 168 号.
ORDER_LINE = re.compile(rf"^(?:[{P.CJK}]{{2,20}}令(?:\s*第\s*\d+\s*号)?|第\s*\d+\s*号)$")
#: A table row: cells separated by tabs.
TABLE_ROW = re.compile(r"\t")
#: A line that could be a signature: a body's name, nothing that reads as prose.
SIGNATURE_SHAPE = re.compile(rf"^[{P.CJK}（）()\s·]{{2,40}}$")
#: 版记 lines at the very end of a document: 抄送：… / …年…月…日印发.
IMPRINT = re.compile(r"^(?:抄送|抄报|主送)[:：]|日印发$")
#: The end of a sentence (a paragraph that ends so is running text).
ENDS_SENTENCE = re.compile(r"[。！？；：”’）)]$")


@dataclass(frozen=True)
class Para:
    """One paragraph of a source document (one logical line) and its role."""

    role: Role
    text: str


@dataclass(frozen=True)
class SourceDocument:
    truth: DocTruth
    title_lines: tuple[str, ...]      # the title as printed in the source (1–3 lines)
    paragraphs: tuple[Para, ...]      # everything after the title: 文号, addressee, body, signature, …
    key: str = ""                     # the origin's id, for `interprets` across documents ("corpus:017")
    interprets_key: str | None = None  # the key of the policy it interprets, if any

    @property
    def body_chars(self) -> int:
        return sum(len(p.text) for p in self.paragraphs)


def squash(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def level_of(issuers) -> str:
    names = "".join(issuers)
    if re.search(r"市|区|县", names) and not re.search(r"省|自治区", names):
        return "municipal"
    if re.search(r"省|自治区", names):
        return "provincial"
    return "national"


# --- roles of paragraphs -----------------------------------------------------------------------------------


def paragraph_roles(paras: list[str], kind: str) -> list[Para]:
    """The role of each paragraph after a document's title, from its shape and position."""
    n = len(paras)
    roles: list[Role] = [Role.BODY] * n
    date_at = None
    for i, t in enumerate(paras):
        if TABLE_ROW.search(t):
            roles[i] = Role.TABLE_ROW
        elif i == 0 and P.DOC_NUMBER_LINE.match(t) and len(t) <= 40:
            roles[i] = Role.DOC_NUMBER
        elif i <= 2 and P.PROMULGATION_NOTE.match(t):
            roles[i] = Role.NOTE
        elif i <= 2 and P.ADDRESSEE.match(t) and len(t) <= 200:
            roles[i] = Role.ADDRESSEE
        elif P.PUBLICATION_NOTE.match(t) or P.EDITOR_NOTE.match(t) or P.DIGEST_SOURCE.search(t) and len(t) < 40 \
                or IMPRINT.search(t):
            roles[i] = Role.NOTE
        elif P.PHOTO_CAPTION.search(t) and len(t) <= 80:
            roles[i] = Role.CAPTION
        elif P.ATTACHMENT.match(t) and len(t) <= 60 and not ENDS_SENTENCE.search(t.rstrip("。")):
            roles[i] = Role.ATTACHMENT
        elif P.DATE_LINE.match(t):
            roles[i] = Role.DATE
            date_at = i if date_at is None or kind == "policy" else date_at
        elif i <= 3 and SOURCE_META.match(t):
            roles[i] = Role.META
        elif i <= 3 and ORDER_LINE.match(t):
            roles[i] = Role.ORDER_HEADER
        elif HEADING_SHAPE.match(t) and not re.search(r"[，；：:]", t[:-1]) \
                and (len(t) <= 30 and not re.search(r"。.", t) or len(t) <= 50 and "。" not in t):
            roles[i] = Role.HEADING
        elif ARTICLE.match(t) and len(t) <= 12:
            roles[i] = Role.HEADING
    # the numbered list of an 附件 line goes on: 附件：1. … / 2. … / 3. …
    for i in range(1, n):
        if roles[i - 1] is Role.ATTACHMENT and re.match(r"^\d{1,2}[.．、]", paras[i]) and len(paras[i]) <= 60:
            roles[i] = Role.ATTACHMENT
    # signatures: short name lines just above a date (the last date of a policy)
    for i, r in enumerate(roles):
        if r is not Role.DATE:
            continue
        j = i - 1
        while j >= 0 and j >= i - 6 and roles[j] is Role.BODY and SIGNATURE_SHAPE.match(paras[j]) \
                and len(paras[j]) <= 30 and not ENDS_SENTENCE.search(paras[j]):
            roles[j] = Role.SIGNATURE
            j -= 1
    # short unpunctuated lines over text in an interpretation or a news item are its headings (出台背景)
    if kind != "policy":
        for i in range(n - 1):
            if roles[i] is Role.BODY and len(paras[i]) <= 15 and not re.search(r"[，。；：！？、,.;:!?]", paras[i]) \
                    and roles[i + 1] is Role.BODY and len(paras[i + 1]) > len(paras[i]) and not SPEAKER.search(paras[i]):
                roles[i] = Role.HEADING
    # the title of what a 通知 issues, printed after the signature block
    for i in range(1, n):
        if roles[i - 1] in (Role.DATE, Role.NOTE) and roles[i] is Role.BODY and len(paras[i]) <= 60 \
                and not re.search(r"[。！？；：，]", paras[i]) and any(r is Role.SIGNATURE for r in roles[:i]):
            roles[i] = Role.INNER_TITLE
    return [Para(r, t) for r, t in zip(roles, paras)]


def split_title(lines: list[str], title: str) -> int:
    """How many of the first lines make up `title` (1 when they never add up to it)."""
    want, got = squash(title), ""
    for k, line in enumerate(lines[:4], 1):
        got += squash(line)
        if got == want:
            return k
        if not want.startswith(got):
            break
    return 1


# --- the corpus ----------------------------------------------------------------------------------------------


def corpus_available(corpus: Path = CORPUS) -> bool:
    return (corpus / "index.json").is_file() and (corpus / "docs").is_dir()


def load_corpus(corpus: Path = CORPUS) -> list[SourceDocument]:
    """The real documents of ../shared/corpus (empty when it is not there)."""
    if not corpus_available(corpus):
        return []
    out = []
    for rec in json.loads((corpus / "index.json").read_text(encoding="utf-8")):
        path = corpus / "docs" / f"{rec['id']}.txt"
        if not path.is_file():
            continue
        lines = [l.strip() for l in path.read_text(encoding="utf-8").split("\n")]
        lines = [l for l in lines if l]
        if not lines:
            continue
        k = split_title(lines, rec["title"])
        issuers = tuple(VOCAB.canonical(n) for n in rec.get("issuers") or ())
        truth = DocTruth(
            title=normal_title(rec["title"]), heading=None, doc_number=squash(rec.get("doc_number")) or None,
            issuers=issuers, date=rec.get("date"), kind=rec["kind"], subtype=rec.get("doctype"),
            level=rec.get("level") or level_of(issuers), origin=rec["id"])
        out.append(SourceDocument(truth, tuple(lines[:k]), tuple(paragraph_roles(lines[k:], rec["kind"])),
                                  key=f"corpus:{rec['id']}",
                                  interprets_key=f"corpus:{rec['interprets']}" if rec.get("interprets") else None))
    return out


def normal_title(title: str) -> str:
    """Whitespace removed except between two names (`国家发展改革委 国家能源局关于…`)."""
    title = re.sub(r"\s+", " ", title.strip())
    return P.SPACE_IN_TITLE.sub(" ", re.sub(r"\s+(?![\u3400-\u9fff《“（(])|(?<![\u3400-\u9fff》”）)])\s+", "", title))


# --- the bundled sample --------------------------------------------------------------------------------------


def _sample_furniture(lines: list[str]) -> set[str]:
    """Lines of a sample file that are page furniture: page numbers, imprint and running-title lines,
    and short lines printed three times or more."""
    counts: dict[str, int] = {}
    for l in lines:
        counts[l] = counts.get(l, 0) + 1
    return {l for l in lines if P.PAGE_NUMBER.match(l) or P.IMPRINT_FOOTER.match(l) or P.RUNNING_TITLE.match(l)
            or (counts[l] >= 3 and len(l) <= 30)}


def _unwrap(lines: list[str]) -> list[str]:
    """Join the lines of a hard-wrapped paragraph (a long line that does not end a sentence, followed
    by a line that does not open a heading)."""
    out: list[str] = []
    for l in lines:
        if out and len(out[-1]) >= 34 and not ENDS_SENTENCE.search(out[-1]) and not HEADING_SHAPE.match(l) \
                and not TABLE_ROW.search(l) and not P.DATE_LINE.match(l):
            out[-1] += l
        else:
            out.append(l)
    return out


def load_sample() -> list[SourceDocument]:
    """The full documents of the invented sample (digest entries left out: they are made from policies)."""
    labels = yaml.safe_load((SAMPLE / "LABELS.yaml").read_text(encoding="utf-8"))["documents"]
    out = []
    by_file: dict[str, list[dict]] = {}
    for d in labels:
        by_file.setdefault(d["source"], []).append(d)
    for name, docs in by_file.items():
        raw = [re.sub(r"[ \u3000]+", " ", l).strip() for l in (SAMPLE / name).read_text(encoding="utf-8").split("\n")]
        furniture = _sample_furniture([l for l in raw if l])
        docs = sorted(docs, key=lambda d: d["start_line"])
        for k, d in enumerate(docs):
            if d["kind"] == "digest_item":
                continue
            end = docs[k + 1]["start_line"] - 1 if k + 1 < len(docs) else len(raw)
            lines = [l for l in raw[d["start_line"] - 1:end] if l and l not in furniture]
            lines = _tidy(lines)
            # a digest section or a section heading before the next document is not part of this one
            while lines and (lines[-1] in ("政策速览", "以发布时间为序") or re.fullmatch(r"[（(][^（）()]{4,14}[）)]", lines[-1])):
                lines.pop()
            n = split_title(lines, d["title"])
            if n == 1 and squash(lines[0]) != squash(d["title"]):
                # a title cut by the wrap: take lines while they lie inside the title
                n, got = 0, ""
                while n < len(lines) and squash(d["title"]).startswith(got + squash(lines[n])):
                    got += squash(lines[n])
                    n += 1
                n = max(n, 1)
            issuers = tuple(VOCAB.canonical(x) for x in d.get("issuers") or ())
            date = str(d["date"]) if d.get("date") else None
            truth = DocTruth(title=normal_title(d["title"]), heading=None, doc_number=squash(d.get("doc_number")) or None,
                             issuers=issuers, date=date, kind=d["kind"], subtype=d.get("subtype"),
                             level=level_of(issuers), origin=f"sample:{name}:{d['start_line']}")
            body = _unwrap([_space(l) for l in lines[n:]])
            out.append(SourceDocument(truth, tuple(_space(l) for l in lines[:n]), tuple(paragraph_roles(body, d["kind"])),
                                      key=f"sample:{normal_title(d['title'])}",
                                      interprets_key=f"sample:{normal_title(d['interprets'])}" if d.get("interprets") else None))
    # the second printing of a document in issue 13 is the same document: keep the first
    seen, unique = set(), []
    for s in out:
        if s.key not in seen:
            seen.add(s.key)
            unique.append(s)
    return unique


def _space(line: str) -> str:
    """The spaces a PDF put between digits and CJK removed (`2031 年 5 月` → `2031年5月`)."""
    line = P.SPACE_AROUND_DIGIT.sub("", line)
    return P.SPACE_AROUND_PUNCT.sub("", line)


def _tidy(lines: list[str]) -> list[str]:
    return [l for l in lines if l.strip("　 ")]


# --- invented documents --------------------------------------------------------------------------------------


def load_invented(folder: Path = INVENTED) -> list[SourceDocument]:
    """The documents written for training: training/invented/*.yaml, each a list of documents
    (title, doc_number, issuers, date, kind, subtype, level, key, interprets, title_lines, paragraphs)."""
    out = []
    for path in sorted(folder.glob("*.yaml")):
        for d in yaml.safe_load(path.read_text(encoding="utf-8")) or ():
            title_lines = d.get("title_lines") or [d["title"]]
            paras = [str(p).strip() for p in d["paragraphs"] if str(p).strip()]
            issuers = tuple(VOCAB.canonical(x) for x in d.get("issuers") or ())
            truth = DocTruth(title=normal_title(d["title"]), heading=d.get("heading"),
                             doc_number=squash(d.get("doc_number")) or None, issuers=issuers,
                             date=str(d["date"]) if d.get("date") else None, kind=d["kind"], subtype=d.get("subtype"),
                             level=d.get("level") or level_of(issuers), origin=f"invented:{path.stem}:{d['key']}")
            out.append(SourceDocument(truth, tuple(title_lines), tuple(paragraph_roles(paras, d["kind"])),
                                      key=f"invented:{d['key']}",
                                      interprets_key=f"invented:{d['interprets']}" if d.get("interprets") else None))
    return out


@lru_cache(maxsize=8)
def _load_all(with_corpus: bool, synthetic: int) -> tuple[SourceDocument, ...]:
    from training import synth

    docs = (load_corpus() if with_corpus else []) + load_sample() + load_invented() + synth.synthesize(synthetic)
    return tuple(d for d in docs if d.paragraphs)


def load_all(with_corpus: bool = True, synthetic: int = 60) -> list[SourceDocument]:
    """Every source document: the corpus (when present), the sample, the invented documents and
    `synthetic` documents of training/synth.py."""
    return list(_load_all(with_corpus, synthetic))


def with_truth(doc: SourceDocument, **changes) -> SourceDocument:
    return replace(doc, truth=replace(doc.truth, **changes))
