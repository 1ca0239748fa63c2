/*
 * 政策汇编站 search — our own engine, bound to Material's header search box
 * (overrides/partials/search.html) and fed by the index that converter/site/search_index.py writes.
 *
 * The index is plain <script> files that call the register functions below, so search works the same
 * served over http and opened from disk (file://), where fetch() and Web Workers are refused; no request
 * ever leaves the site. A query loads search/docs.js once (segments, every page's facets), then from
 * every segment only the shards search/s/<segment>/<k>.js holding its own terms, then the rows and
 * texts of the results on screen only (search/r/<segment>/<c>.js: URL, title, line under the title;
 * search/t/<segment>/<c>.js: snippets, phrase check): what the ranking needs of the other results is
 * in the postings (title position masks, exact keys; converter/site/search/rank.py).
 * Pages are numbered in the order of docs.js: a segment's page i is page base + i, where base counts
 * the pages of the segments before it.
 *
 * Query terms are derived exactly as the build derives index terms (keep the two in step):
 * per-character NFKC + lower case; 文号 (`发改环资〔2024〕1104号`, any bracket style, or `2024年第5号`)
 * → key `〔2024〕1104` (required) + whole 文号 (bonus); runs of CJK characters → bigrams (required;
 * of a run above LONG_RUN characters the bigrams covering it) + the whole run as a word (bonus); Latin/digit words (required); the whole query without spaces
 * (bonus: a 文号 of another form, `民政部令第69号`). All required terms must occur (AND); if no page has
 * them all, pages with at least half of them are shown. Single characters have no term of their own:
 * a query of single characters only looks in titles and 文号 lines.
 *
 * Facets (department, year, 文种, kind, level, status) filter the results of the query, or every
 * document when the query is empty. Their values are in docs.js, already loaded for every query
 * (status is computed here from each policy's dates, as assets/policy-facts.js does on the pages):
 * a filter loads no shard. Values of one facet combine with OR, facets with AND; each value shows
 * how many results it would leave, given the other facets' filters.
 */
(function () {
  "use strict";

  var VERSION = 4;
  var PAGE = 10;                      // results rendered at a time (more on scroll)
  // exact keys (converter/site/search/terms.py EXACT_*): whole title, a part of the line, own 文号 key
  var EXACT_TITLE = "=", EXACT_LINE = "\u2261", EXACT_NUMBER = "#";
  var TITLE_POSITIONS = 32;           // bits of a title bigram's position mask (rank.py)
  // a run longer than this requires only the bigrams that cover it (offsets 0, 2, 4, … and its last):
  // a whole title of 50 characters needs half the shards of every segment (at 1,000 issues 413 files,
  // 441 KB of shards with all 49), and a title holds the run contiguously when the covering bigrams
  // sit at their offsets, as exactly as with all of them (each character is in one of them)
  var LONG_RUN = 12;
  var CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007";
  var CJK_RUN = new RegExp("[" + CJK + "]+", "g");
  var WORD = /[a-z0-9]+/g;
  var DOC_NUMBER = new RegExp(
    "([" + CJK + "a-z]*)\\s*[〔\\[【(]\\s*((?:19|20)\\d\\d)\\s*[〕\\]】)]\\s*第?\\s*(\\d{1,5})\\s*号?" +
    "|([" + CJK + "a-z]*?)((?:19|20)\\d\\d)\\s*年\\s*第\\s*(\\d{1,5})\\s*号", "g");
  var ZERO_WIDTH = /[\u00ad\u200b-\u200f\u2060\ufeff]/g;

  /* ---- the index, registered by the index scripts ------------------------------------------- */

  var index = { meta: null, segments: [], bases: {}, shards: {}, rows: {}, texts: {} };
  window.__policySearch = {
    meta: function (data) {
      var base = 0;
      index.meta = data;
      index.segments = (data.segments || []).map(function (s) {
        var seg = { id: s[0], n: s[1], shards: s[2], documents: !!s[3], base: base };
        index.bases[seg.id] = base;
        base += seg.n;
        return seg;
      });
    },
    shard: function (segment, k, data) { index.shards[segment + "/" + k] = data; },
    // a packed call (shards.py js_call): base64 of the gzip of the JSON argument list, decoded here
    // without a request (DecompressionStream), so it works from file:// too; `load` waits for it
    z: function (name, packed) {
      var bin = atob(packed), bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      var done = new Response(stream).text().then(function (json) {
        window.__policySearch[name].apply(null, JSON.parse(json));
      }).catch(function (e) { console.warn("policy-search: cannot decode", name, e); });
      decoded = Promise.all([decoded, done]);
    },
    text: function (segment, first, texts) {
      texts.forEach(function (text, j) { index.texts[index.bases[segment] + first + j] = text; });
    },
    rows: function (segment, first, rows) {
      rows.forEach(function (row, j) { index.rows[index.bases[segment] + first + j] = row; });
    },
    // for tests/test_browser.py: the query side of the contract with converter/site/search_index.py
    _normalize: function (s) { return normalize(s); },
    _hash: function (term, shards) { return hash(term, shards); },
    _analyze: function (q) { return analyze(q); },
    _statusOf: function (dates, day) { return statusOf(dates, day); }
  };

  var config = {};
  try { config = JSON.parse(document.getElementById("__config").textContent); } catch (e) { /* defaults */ }
  // the site's top: base_url is "." or "../.." on pages, "/" or an absolute URL on an error page
  // (never "//": "/" + "/" is a URL without a host, and new URL() throws)
  var siteTop = config.base || ".";
  var root = new URL(/\/$/.test(siteTop) ? siteTop : siteTop + "/", location.href);
  var translations = config.translations || {};
  function t(key, fallback) { return translations[key] || fallback; }

  var pending = {};
  var decoded = Promise.resolve();    // every packed call decoded so far (see `z`)
  function load(path) {
    if (!pending[path]) {
      pending[path] = new Promise(function (resolve) {
        var s = document.createElement("script");
        s.src = new URL(path, root).href;
        s.async = true;
        // a script runs before its onload: a packed call it made is in `decoded` by then
        s.onload = function () { decoded.then(function () { resolve(true); }); };
        s.onerror = function () { delete pending[path]; resolve(false); };
        document.head.appendChild(s);
      });
    }
    return pending[path];
  }

  function loadMeta() {
    return load("search/docs.js").then(function () {
      if (!index.meta) throw new Error("search index missing");
      if (index.meta.v !== VERSION) console.warn("policy-search: index version", index.meta.v, "expected", VERSION);
      return index.meta;
    });
  }

  /* ---- text, shared with converter/site/search_index.py -------------------------------------------- */

  function normalize(s) {           // same length as s in UTF-16 units, so positions line up
    var out = "";
    for (var ch of s) {
      var n = ch.normalize("NFKC").toLowerCase();
      out += (n.length === ch.length && Array.from(n).length === 1) ? n : ch;
    }
    return out;
  }

  function hash(term, shards) {     // FNV-1a over code points; an exact key by the key without its mark
    if (term && (EXACT_TITLE + EXACT_LINE + EXACT_NUMBER).indexOf(term[0]) >= 0) term = term.slice(1);
    var h = 0x811c9dc5;
    for (var ch of term) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
    return h % shards;
  }

  function bigrams(run) {
    var out = [];
    for (var i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    return out;
  }

  function analyze(query) {
    var q = normalize(query.replace(ZERO_WIDTH, "")).trim();
    var required = [], bonus = [], marks = [], runs = [], runGrams = [], singles = [], numbers = [],
        numberMarks = [];
    q = q.replace(DOC_NUMBER, function (m, p1, y1, n1, p2, y2, n2) {
      var prefix = y1 ? p1 : p2, year = y1 || y2, num = String(parseInt(n1 || n2, 10));
      required.push("〔" + year + "〕" + num);
      numbers.push("〔" + year + "〕" + num);
      if (prefix) bonus.push(prefix + "〔" + year + "〕" + num + "号");
      numberMarks.push(numberMark(prefix, year, num));
      return " " + prefix + " ";
    });
    marks = marks.concat(numberMarks);
    (q.match(CJK_RUN) || []).forEach(function (run) {
      if (run.length === 1) { singles.push(run); marks.push(run); return; }
      runs.push(run);
      marks.push(run);
      var grams = bigrams(run), used = [];
      grams.forEach(function (b, k) {
        marks.push(b);
        if (run.length <= LONG_RUN || k % 2 === 0 || k === grams.length - 1) { required.push(b); used.push([b, k]); }
      });
      runGrams.push(used);
      if (run.length >= 3) bonus.push(run);
    });
    (q.match(WORD) || []).forEach(function (w) { required.push(w); marks.push(w); });
    var whole = normalize(query.replace(ZERO_WIDTH, "")).replace(/\s+/g, "");
    if (whole.length >= 3) {                                           // a 文号 of any form, as printed
      bonus.push(whole);
      if (!numberMarks.length) marks.push(whole);
    }
    return { typed: query.trim(), text: q, required: unique(required), bonus: unique(bonus), runs: runs,
             grams: runGrams, singles: singles, numberMarks: numberMarks,
             numbers: unique(numbers), whole: whole, marks: unique(marks).filter(Boolean) };
  }

  // A 文号 is marked whole, as any printing of it (〔2024〕20号, [2024]20号, 2024年第20号, 020), never
  // its year or number alone: "20" would light up inside every 2024 and 〔2024〕120号 of an index page.
  function numberMark(prefix, year, num) {
    var brackets = "[〔\\[【(]\\s*" + year + "\\s*[〕\\]】)]\\s*第?\\s*0*" + num + "(?!\\d)\\s*号?";
    var yearly = year + "\\s*年\\s*第\\s*0*" + num + "(?!\\d)\\s*号";
    var before = prefix ? "(?:" + prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "\\s*)?" : "";
    return new RegExp("(?<!\\d)" + before + "(?:" + brackets + "|" + yearly + ")", "g");
  }

  function unique(list) {
    var seen = {};
    return list.filter(function (x) { return seen[x] ? false : (seen[x] = true); });
  }

  /* ---- ranking -------------------------------------------------------------------------------- */

  function shardPath(seg, term) { return seg.id + "/" + hash(term, seg.shards); }

  /* [page, weight, title position mask, …] over every segment, pages numbered site-wide; in a shard a
     page is its gap from the page before, and one whose title holds the term is written -1 - gap,
     weight, mask (shards.py) */
  function postings(term) {
    var out = [];
    index.segments.forEach(function (seg) {
      var shard = index.shards[shardPath(seg, term)];
      var p = shard && Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : null;
      for (var i = 0, page = seg.base; p && i < p.length; i += 2) {
        if (p[i] < 0) { page += -1 - p[i]; out.push(page, p[i + 1], p[i + 2]); i++; }
        else { page += p[i]; out.push(page, p[i + 1], 0); }
      }
    });
    return out;
  }

  function pagesOf(term) {          // the pages of a term's postings (exact keys)
    var out = new Set(), p = postings(term);
    for (var i = 0; i < p.length; i += 3) out.add(p[i]);
    return out;
  }

  function rotr(m, k) { k %= TITLE_POSITIONS; return k ? ((m >>> k) | (m << (TITLE_POSITIONS - k))) >>> 0 : m >>> 0; }

  /* Pages whose title holds the run contiguously: its bigrams ([bigram, offset in the run], analyze)
     at positions p + offset of the title (their position masks, shifted back by their offsets, share
     a bit). */
  function titleHolds(grams, masks) {
    var out = null;
    grams.forEach(function (pair, n) {
      var g = pair[0], k = pair[1], next = new Map();
      (masks[g] || new Map()).forEach(function (m, doc) {
        var acc = n === 0 ? rotr(m, k) : (out.get(doc) || 0) & rotr(m, k);
        if (acc) next.set(doc, acc);
      });
      out = next;
    });
    return out || new Map();
  }

  function rowPath(doc) {
    var seg = segmentOf(doc);
    return "search/r/" + seg.id + "/" + Math.floor((doc - seg.base) / index.meta.rows) + ".js";
  }

  function loadRows(docs) {
    return Promise.all(unique(docs.filter(function (d) { return !index.rows[d]; }).map(rowPath)).map(load));
  }

  function everyRow() {             // every page's row: a query of single characters looks in titles
    var paths = [];
    index.segments.forEach(function (seg) {
      for (var c = 0; c * index.meta.rows < seg.n; c++) paths.push("search/r/" + seg.id + "/" + c + ".js");
    });
    return Promise.all(paths.map(load));
  }

  function segmentOf(doc) {
    var segs = index.segments;
    for (var k = segs.length - 1; k > 0; k--) if (doc >= segs[k].base) return segs[k];
    return segs[0];
  }

  function search(query) {
    var a = analyze(query);
    return loadMeta().then(function () {
      // the exact keys live in the shard of the query as typed (`whole`) and of its 文号 keys
      var terms = a.required.concat(a.bonus, a.whole ? [a.whole] : []), paths = [];
      index.segments.forEach(function (seg) {
        terms.forEach(function (term) { paths.push(shardPath(seg, term)); });
      });
      return Promise.all(unique(paths).map(function (p) { return load("search/s/" + p + ".js"); }));
    }).then(function () {
      if (!a.required.length && a.singles.length) return everyRow();
    }).then(function () {
      var n = index.meta.pages.length, masks = {};
      var score = new Map(), hits = new Map(), numberHits = new Map();
      function add(term, counts) {
        var p = postings(term), df = p.length / 3;
        var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        var isNumber = a.numbers.indexOf(term) >= 0, title = masks[term] = new Map();
        for (var i = 0; i < p.length; i += 3) {
          var doc = p[i];
          score.set(doc, (score.get(doc) || 0) + idf * p[i + 1]);
          if (p[i + 2]) title.set(doc, p[i + 2]);
          if (counts) hits.set(doc, (hits.get(doc) || 0) + 1);
          if (isNumber) numberHits.set(doc, (numberHits.get(doc) || 0) + 1);
        }
      }
      a.required.forEach(function (term) { add(term, true); });
      a.bonus.forEach(function (term) { add(term, false); });
      var need = a.required.length, results = [];
      if (need) {
        hits.forEach(function (h, doc) { if (h === need) results.push(doc); });
        if (!results.length && need > 1) {
          var least = Math.ceil(need / 2);
          hits.forEach(function (h, doc) {
            // a 文号 is matched whole or not at all: 〔2024〕11号 never finds 〔2024〕113号
            if (a.numbers.length && (numberHits.get(doc) || 0) < a.numbers.length) return;
            if (h >= least) { results.push(doc); score.set(doc, score.get(doc) * h / need); }
          });
        }
      }
      // a query of single characters only (they have no index term): titles and 文号 lines hold them
      if (!need && a.singles.length) {
        for (var d = 0; d < n; d++) {
          var line = normalize(index.rows[d][1] + " " + index.rows[d][2]);
          if (a.singles.every(function (c) { return line.indexOf(c) >= 0; })) { results.push(d); score.set(d, 1); }
        }
      }
      // a title holding the query's words contiguously comes before scattered bigrams
      var held = a.grams.map(function (g) { return titleHolds(g, masks); });
      results.forEach(function (doc) {
        if (held.length && held.every(function (h) { return h.has(doc); })) score.set(doc, score.get(doc) * 1.5);
      });
      var exact = { title: pagesOf(EXACT_TITLE + a.whole), line: pagesOf(EXACT_LINE + a.whole),
                    numbers: a.numbers.map(function (k) { return pagesOf(EXACT_NUMBER + k); }) };
      var first = new Map();
      results.forEach(function (doc) { first.set(doc, precedence(doc, a, exact)); });
      results.sort(function (x, y) { return first.get(y) - first.get(x) || score.get(y) - score.get(x) || x - y; });
      return { query: a, docs: results, score: score, first: first };
    });
  }

  function isDocument(doc) { return segmentOf(doc).documents; }

  /* What comes first whatever the scores: a document whose title or a part of whose line (文号,
     issuing body…) is exactly the query (4, 3), a document whose own 文号 is the query's (2), any other
     document (1), then index pages (0); from the exact keys (pages of each, `exact`). */
  function precedence(doc, a, exact) {
    if (!isDocument(doc)) return 0;
    if (a.whole && exact.title.has(doc)) return 4;
    if (a.whole && exact.line.has(doc)) return 3;
    if (exact.numbers.length && exact.numbers.every(function (s) { return s.has(doc); })) return 2;
    return 1;
  }

  /* Load the texts of results[from, to); pages whose text holds the query's words contiguously
     keep their score, pages where they are only scattered bigrams drop. Re-sorts that slice. */
  function refine(res, from, to) {
    var slice = res.docs.slice(from, to);
    return Promise.all([loadRows(slice)].concat(unique(slice.map(function (doc) {
      var seg = segmentOf(doc);
      return "search/t/" + seg.id + "/" + Math.floor((doc - seg.base) / index.meta.texts) + ".js";
    })).map(load))).then(function () {
      if (!res.query.runs.length) return;
      slice.forEach(function (doc) {
        var text = normalize((index.rows[doc][1] || "") + "\n" + (index.texts[doc] || ""));
        var whole = res.query.runs.every(function (r) { return text.indexOf(r) >= 0; });
        if (!whole) res.score.set(doc, res.score.get(doc) * 0.5);
      });
      var first = res.first || new Map();      // (results of an empty query with filters have none)
      slice.sort(function (x, y) {
        return (first.get(y) || 0) - (first.get(x) || 0) || res.score.get(y) - res.score.get(x) || x - y;
      });
      Array.prototype.splice.apply(res.docs, [from, slice.length].concat(slice));
    });
  }

  /* ---- facets -------------------------------------------------------------------------------- */

  var FACET_LABELS = { department: "发文机关", year: "年份", doctype: "文种", kind: "类别", level: "层级", status: "效力" };
  var FACET_SHOWN = 12;               // values shown per facet (the most frequent; the others on demand)
  var STATUSES = ["现行有效", "尚未施行", "已到期", "已废止", "未注明"];
  var chosen = {};                    // facet → {value: true}

  function pad2(n) { return (n < 10 ? "0" : "") + n; }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad2(d.getMonth() + 1) + "-" + pad2(d.getDate());
  }

  /* converter/stages/annotate/validity.py `status`, on a policy's [commencement, expiry, repealed] */
  function statusOf(dates, day) {
    var commence = dates[0], expire = dates[1];
    if (dates[2]) return "已废止";
    if (expire && day > expire) return "已到期";
    if (commence && commence !== "on_issue" && day < commence) return "尚未施行";
    if (commence || expire) return "现行有效";
    return "未注明";
  }

  function facetNames() {
    return ((index.meta && index.meta.facets) || []).map(function (f) { return f[0]; }).concat(["status"]);
  }

  /* doc → {facet: [values]}; null for pages that are not documents */
  var facetCache = {};
  function valuesOf(doc, day) {
    var entry = index.meta.pages[doc];          // [[value number, …] per facet, status dates] or 0
    if (!entry) return null;
    var key = doc + "|" + day;
    if (facetCache[key]) return facetCache[key];
    var out = {};
    index.meta.facets.forEach(function (f, k) {
      out[f[0]] = (entry[0][k] || []).map(function (i) { return f[1][i]; });
    });
    out.status = entry[1] ? [statusOf(entry[1], day)] : [];
    facetCache[key] = out;
    return out;
  }

  function active() {
    return facetNames().some(function (f) { return chosen[f] && Object.keys(chosen[f]).length; });
  }

  function passes(vals, except) {
    return facetNames().every(function (f) {
      if (f === except || !chosen[f]) return true;
      var want = Object.keys(chosen[f]);
      if (!want.length) return true;
      return (vals[f] || []).some(function (v) { return chosen[f][v]; });
    });
  }

  /* The query's results narrowed by the chosen values, and per facet the count of each value among
     the results the other facets' choices leave. */
  function narrow(res) {
    var day = today(), names = facetNames(), counts = {}, docs = [];
    names.forEach(function (f) { counts[f] = {}; });
    var filtering = active();
    res.docs.forEach(function (doc) {
      var vals = valuesOf(doc, day);
      if (!vals) { if (!filtering) docs.push(doc); return; }
      if (passes(vals, null)) docs.push(doc);
      names.forEach(function (f) {
        if (!passes(vals, f)) return;
        (vals[f] || []).forEach(function (v) { counts[f][v] = (counts[f][v] || 0) + 1; });
      });
    });
    return { query: res.query, docs: docs, score: res.score, first: res.first, counts: counts, all: res };
  }

  /* Every document (an empty query with filters): newest year first, then in index order. */
  function everything() {
    return loadMeta().then(function () {
      var day = today(), docs = [], score = new Map();
      for (var d = 0; d < index.meta.pages.length; d++) {
        var vals = valuesOf(d, day);
        if (vals) { docs.push(d); score.set(d, 1); }
      }
      docs.sort(function (x, y) {
        var a = (valuesOf(x, day).year[0] || ""), b = (valuesOf(y, day).year[0] || "");
        return a === b ? x - y : (a < b ? 1 : -1);
      });
      return { query: analyze(""), docs: docs, score: score };
    });
  }

  /** A button of the facet bar: a click does `act` and nothing else (the search box keeps its focus). */
  function facetButton(className, text, act) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = text;
    b.addEventListener("click", function (e) {
      e.preventDefault();
      e.stopPropagation();
      act();
    });
    return b;
  }

  function renderFacets(el, res, onChange) {
    el.textContent = "";
    if (!res) { el.hidden = true; return; }
    var names = facetNames(), any = false;
    names.forEach(function (f) {
      var counts = res.counts[f] || {};
      var values = Object.keys(counts);
      Object.keys(chosen[f] || {}).forEach(function (v) { if (values.indexOf(v) < 0) values.push(v); });
      if (!values.length) return;
      any = true;
      if (f === "year") values.sort(function (a, b) { return a < b ? 1 : a > b ? -1 : 0; });
      else if (f === "status") values.sort(function (a, b) { return STATUSES.indexOf(a) - STATUSES.indexOf(b); });
      else values.sort(function (a, b) { return (counts[b] || 0) - (counts[a] || 0) || (a < b ? -1 : a > b ? 1 : 0); });
      var group = document.createElement("div");
      group.className = "policy-facet";
      group.setAttribute("data-facet", f);
      var label = document.createElement("span");
      label.className = "policy-facet__label";
      label.textContent = (FACET_LABELS[f] || f) + "：";
      group.appendChild(label);
      values.forEach(function (v, i) {
        var on = !!(chosen[f] && chosen[f][v]);
        var b = facetButton("policy-facet__value" + (on ? " policy-facet__value--on" : ""),
                            v + " (" + (counts[v] || 0) + ")", function () {
          chosen[f] = chosen[f] || {};
          if (chosen[f][v]) delete chosen[f][v]; else chosen[f][v] = true;
          onChange();
        });
        b.setAttribute("aria-pressed", on ? "true" : "false");
        b.setAttribute("data-value", v);
        b.setAttribute("data-count", String(counts[v] || 0));
        if (i >= FACET_SHOWN && !on) b.hidden = true;
        group.appendChild(b);
      });
      if (values.length > FACET_SHOWN) {
        var more = facetButton("policy-facet__more", "更多…", function () {
          group.querySelectorAll(".policy-facet__value[hidden]").forEach(function (x) { x.hidden = false; });
          more.remove();
        });
        group.appendChild(more);
      }
      el.appendChild(group);
    });
    if (active()) {
      el.appendChild(facetButton("policy-facet__reset", "清除筛选", function () {
        chosen = {};
        onChange();
      }));
    }
    el.hidden = !any;
  }

  /* ---- rendering (Material's result markup) --------------------------------------------------- */

  function esc(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function markRanges(text, marks) {
    var norm = normalize(text), mask = new Uint8Array(text.length);
    marks.forEach(function (m) {
      if (m instanceof RegExp) {
        m.lastIndex = 0;
        for (var r = m.exec(norm); r; r = m.exec(norm)) {
          for (var k = r.index; k < r.index + r[0].length; k++) mask[k] = 1;
          if (!r[0]) m.lastIndex++;
        }
        return;
      }
      for (var i = norm.indexOf(m); m && i >= 0; i = norm.indexOf(m, i + 1))
        for (var j = i; j < i + m.length; j++) mask[j] = 1;
    });
    return mask;
  }

  function highlight(text, marks, mask) {
    mask = mask || markRanges(text, marks);
    var out = "", open = false;
    for (var i = 0; i < text.length; i++) {
      if (mask[i] && !open) { out += "<mark>"; open = true; }
      if (!mask[i] && open) { out += "</mark>"; open = false; }
      out += esc(text[i]);
    }
    return out + (open ? "</mark>" : "");
  }

  function snippet(text, marks) {
    if (!text) return "";
    var best = null, bestScore = -1;
    text.split("\n").forEach(function (line) {
      var mask = markRanges(line, marks), s = 0;
      for (var i = 0; i < mask.length; i++) s += mask[i];
      if (s > bestScore) { best = { line: line, mask: mask }; bestScore = s; }
    });
    if (!best) return "";
    var line = best.line, start = 0, first = best.mask.indexOf(1);
    if (bestScore > 0 && first > 50) start = first - 40;
    var part = line.slice(start, start + 160);
    var html = highlight(part, marks, best.mask.subarray(start, start + part.length));
    return (start > 0 ? "…" : "") + html + (start + part.length < line.length ? "…" : "");
  }

  function item(doc, res) {
    var row = index.rows[doc], marks = res.query.marks;
    var target = new URL(row[0], root);
    target.searchParams.set("h", res.query.typed);     // the target page marks what was searched for
    var href = target.href;
    var title = row[1].replace(ZERO_WIDTH, "");
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    li.innerHTML =
      '<a href="' + esc(href) + '" class="md-search-result__link" tabindex="-1">' +
      '<article class="md-search-result__article md-typeset" data-md-score="' + res.score.get(doc).toFixed(2) + '">' +
      '<div class="md-search-result__icon md-icon"></div>' +
      "<h1>" + highlight(title, marks) + "</h1>" +
      (row[2] ? '<p class="policy-search__sub">' + highlight(row[2], marks) + "</p>" :
        (isDocument(doc) ? "" : '<p class="policy-search__sub">' + esc(t("policy.index_page", "索引页")) + "</p>")) +
      '<p class="md-search-result__teaser">' + snippet(index.texts[doc] || "", marks) + "</p>" +
      "</article></a>";
    return li;
  }

  /* ---- binding to the search box --------------------------------------------------------------- */

  function bind(box) {
    var form = box.querySelector("form");
    var input = box.querySelector("[data-policy-search-query]");
    var result = box.querySelector("[data-policy-search-result]");
    var meta = result.querySelector(".md-search-result__meta");
    var list = result.querySelector(".md-search-result__list");
    var facetBar = result.querySelector("[data-policy-facets]");
    var scrollwrap = box.querySelector(".md-search__scrollwrap");
    var toggle = document.querySelector("[data-md-toggle=search]");
    var seq = 0, timer = 0, current = null, shown = 0, busy = false;

    function setOpen(open) { if (toggle && toggle.checked !== open) toggle.click(); }
    function isOpen() { return !!(toggle && toggle.checked); }

    function count(n) {
      if (!n) return t("search.result.none", "没有找到符合条件的结果");
      if (n === 1) return t("search.result.one", "找到 1 个符合条件的结果");
      return t("search.result.other", "# 个符合条件的结果").replace("#", n);
    }

    var base = null;                  // the unfiltered results of the query on screen

    function clear() {
      var mine = ++seq;
      current = null; shown = 0;
      list.textContent = "";
      meta.textContent = t("search.result.placeholder", "键入以开始搜索");
      box.removeAttribute("data-policy-search-state");
      if (!facetBar) return;
      renderFacets(facetBar, null);
      if (!index.meta) return;        // facets over every document, to filter before typing
      everything().then(function (res) {
        if (mine !== seq) return;
        base = res;
        renderFacets(facetBar, narrow(res), refilter);
      });
    }

    /* Show `res` (the query's results) narrowed by the chosen facet values. */
    function show(res, mine) {
      base = res;
      current = narrow(res); shown = 0;
      list.textContent = "";
      meta.textContent = count(current.docs.length);
      if (facetBar) renderFacets(facetBar, current, refilter);
      return more().then(function () {
        if (mine === seq) box.setAttribute("data-policy-search-state", "done");
      });
    }

    function refilter() {             // a facet value clicked: the same query, no shard to load
      var query = input.value.trim();
      if (!query && !active()) { clear(); return; }
      if (base && base.query.typed === query) { show(base, ++seq); return; }
      run();
    }

    function more() {                 // the next PAGE results, after their texts are loaded
      if (!current || busy || shown >= current.docs.length) return Promise.resolve();
      var res = current, mine = seq, from = shown, to = Math.min(shown + PAGE, res.docs.length);
      busy = true;
      return refine(res, from, to).then(function () {
        busy = false;
        if (mine !== seq) return;
        var frag = document.createDocumentFragment();
        for (var i = from; i < to; i++) frag.appendChild(item(res.docs[i], res));
        list.appendChild(frag);
        shown = to;
      }, function () { busy = false; });
    }

    function run() {
      var query = input.value.trim();
      if (!query && !active()) { clear(); return; }
      var mine = ++seq;
      box.setAttribute("data-policy-search-state", "searching");
      (query ? search(query) : everything()).then(function (res) {
        if (mine !== seq) return;
        return show(res, mine);
      }).catch(function (err) {
        if (mine !== seq) return;
        console.error("policy-search:", err);
        meta.textContent = t("search.result.none", "没有找到符合条件的结果");
        box.setAttribute("data-policy-search-state", "error");
      });
    }

    function schedule() { clearTimeout(timer); timer = setTimeout(run, 50); }

    input.addEventListener("focus", function () {
      setOpen(true);
      loadMeta().then(function () { if (!input.value.trim() && !current) clear(); }).catch(function () {});
    });
    input.addEventListener("input", function (e) { if (!e.isComposing) schedule(); });
    input.addEventListener("compositionend", schedule);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { clear(); input.focus(); }, 0); });
    box.addEventListener("click", function (e) {
      if (e.target instanceof Element && e.target.closest(".md-search-result__list a")) setOpen(false);
    });
    document.querySelectorAll("label[for=__search]").forEach(function (label) {
      label.addEventListener("click", function () { if (!isOpen()) setTimeout(function () { input.focus(); }, 0); });
    });
    scrollwrap.addEventListener("scroll", function () {
      if (scrollwrap.scrollTop + scrollwrap.clientHeight >= scrollwrap.scrollHeight - 40) more();
    });

    window.addEventListener("keydown", function (e) {
      if (e.metaKey || e.ctrlKey || e.altKey || e.isComposing) return;
      var active = document.activeElement;
      if (isOpen()) {
        var links = Array.prototype.slice.call(list.querySelectorAll("a[href]"));
        switch (e.key) {
          case "Enter":
            if (active === input && links.length) { e.preventDefault(); links[0].click(); }
            break;
          case "Escape":
          case "Tab":
            setOpen(false); input.blur();
            break;
          case "ArrowUp":
          case "ArrowDown":
            var ring = [input].concat(links), at = Math.max(0, ring.indexOf(active));
            ring[(at + ring.length + (e.key === "ArrowUp" ? -1 : 1)) % ring.length].focus();
            e.preventDefault();
            break;
          default:
            if (active !== input && e.key.length === 1) input.focus();
        }
      } else if (/^[fs/]$/.test(e.key)) {
        var editable = active && (/^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName) || active.isContentEditable);
        if (!editable) { e.preventDefault(); input.focus(); input.select(); }
      }
    });

    clear();
    var q = new URL(location.href).searchParams.get("q");
    if (q) { input.value = q; input.focus(); run(); }
  }

  /* ---- on the page a result leads to: mark the query (?h=…) -------------------------------------- */

  function pageTerms(query) {
    var a = analyze(query), whole = normalize(query.replace(ZERO_WIDTH, "")).replace(/\s+/g, "");
    var words = (a.text.match(WORD) || []).filter(function (w) { return w.length > 1; });
    return unique(a.runs.concat(words, a.numberMarks.length ? a.numberMarks : whole.length > 1 ? [whole] : []));
  }

  function markPage() {
    var h = new URL(location.href).searchParams.get("h");
    var content = document.querySelector(".md-content .md-typeset") || document.querySelector(".md-content");
    if (!h || !content) return;
    var terms = pageTerms(h), nodes = [], first = null;
    if (!terms.length) return;
    var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentNode.closest("script, style, mark, .headerlink") ? NodeFilter.FILTER_REJECT
                                                                         : NodeFilter.FILTER_ACCEPT;
      }
    });
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.data, mask = markRanges(text, terms);
      if (mask.indexOf(1) < 0) return;
      var frag = document.createDocumentFragment(), i = 0;
      while (i < text.length) {
        var j = i;
        while (j < text.length && mask[j] === mask[i]) j++;
        var part = document.createTextNode(text.slice(i, j));
        if (mask[i]) {
          var mark = document.createElement("mark");
          mark.setAttribute("data-md-highlight", "");
          mark.appendChild(part);
          frag.appendChild(mark);
          first = first || mark;
        } else frag.appendChild(part);
        i = j;
      }
      node.parentNode.replaceChild(frag, node);
    });
    if (first && first.closest("h1") === null) first.scrollIntoView({ block: "center" });
  }

  function start() {
    var box = document.querySelector("[data-policy-search]");
    if (box) bind(box);
    markPage();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
