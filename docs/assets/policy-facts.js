/* 政策汇编站: what a document page and the index pages compute in the browser.
 *
 *  - status badges: 现行有效 / 尚未施行 / 已到期 / 已废止 / 未注明 from the dates printed in the page
 *    (data-commence, data-expire, data-repealed on .doc-status), against today's date, so that a site
 *    built last year tells the truth today; with scripts off the dates are shown as text;
 *  - the status index (status.html): entries regrouped under today's status;
 *  - 复制引用 buttons on every element with data-cite: 《标题》（文号）第十二条 and the link;
 *  - sortable tables (table.sortable: click a header) and the theme filter of the targets page.
 *
 * The rule is converter/stages/annotate/validity.py `status`, step by step. Dates are ISO strings
 * compared as strings. Works from file:// and served; no request leaves the page.
 */
(function () {
  "use strict";

  var IN_FORCE = "现行有效", NOT_YET = "尚未施行", EXPIRED = "已到期", REPEALED = "已废止", UNSTATED = "未注明";
  var CLASS = {};
  CLASS[IN_FORCE] = "in-force"; CLASS[NOT_YET] = "not-yet"; CLASS[EXPIRED] = "expired";
  CLASS[REPEALED] = "repealed"; CLASS[UNSTATED] = "unstated";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /* Today in the reader's own calendar (a policy takes effect on a local day). */
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  /* data-commence: a date, or "on_issue" (in force since it was issued, day unknown); data-expire: the
   * last day in force; data-repealed: present when a document of the corpus repeals this one. */
  function status(el, day) {
    var commence = el.getAttribute("data-commence") || "";
    var expire = el.getAttribute("data-expire") || "";
    if (el.hasAttribute("data-repealed")) return REPEALED;
    if (expire && day > expire) return EXPIRED;
    if (commence && commence !== "on_issue" && day < commence) return NOT_YET;
    if (commence || expire) return IN_FORCE;
    return UNSTATED;
  }

  function badges(day) {
    var els = document.querySelectorAll("[data-status-of]");
    for (var i = 0; i < els.length; i++) {
      // an entry of status.html has no badge (its heading says the status): it keeps its link and dates
      var el = els[i], s = status(el, day), badge = el.querySelector(".status-badge");
      if (badge) {
        badge.textContent = s;
        badge.className = badge.className.replace(/\bstatus--[\w-]+/g, "").trim() + " status--" + CLASS[s];
        badge.hidden = false;
      }
      el.setAttribute("data-status", s);
    }
  }

  /* status.html: every entry (li[data-status-of]) moved under the heading of its status today. */
  function regroup(day) {
    var lists = document.querySelectorAll("ul[data-status-list]");
    if (!lists.length) return;
    var by = {};
    for (var i = 0; i < lists.length; i++) by[lists[i].getAttribute("data-status-list")] = lists[i];
    var items = document.querySelectorAll("li[data-status-of]");
    var moved = [];
    for (var j = 0; j < items.length; j++) moved.push(items[j]);
    moved.forEach(function (li) {
      var target = by[status(li, day)];
      if (target && li.parentNode !== target) target.appendChild(li);
    });
    for (var k in by) {
      var count = document.querySelector("[data-status-count='" + k + "']");
      if (count) count.textContent = String(by[k].children.length);
    }
    var when = document.querySelector("[data-status-day]");
    if (when) when.textContent = readerDate(day);
  }

  // 2024-08-01 → 2024年8月1日: dates in the page as readers write them (ISO stays in the data)
  function readerDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : iso;
  }

  function copyText(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else {
      fallbackCopy(text);
      done();
    }
  }

  function fallbackCopy(text) {
    var ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    document.body.appendChild(ta);
    ta.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(ta);
  }

  /* The citation of a part of this document: 《标题》（文号）第十二条, and its link. */
  function citation(el) {
    var doc = document.querySelector("[data-cite-title]");
    if (!doc) return null;
    var title = doc.getAttribute("data-cite-title"), number = doc.getAttribute("data-cite-number");
    var part = el.getAttribute("data-cite");
    var url = location.href.split("#")[0] + "#" + el.id;
    return "《" + title + "》" + (number ? "（" + number + "）" : "") + part + " " + url;
  }

  function copyButtons() {
    var els = document.querySelectorAll("[data-cite][id]");
    for (var i = 0; i < els.length; i++) {
      (function (el) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "cite-copy";
        b.textContent = "复制引用";
        b.title = "复制 " + el.getAttribute("data-cite") + " 的引用和链接";
        b.addEventListener("click", function (ev) {
          ev.preventDefault();
          var text = citation(el);
          if (!text) return;
          copyText(text, function () {
            b.textContent = "已复制";
            b.setAttribute("data-copied", text);
            setTimeout(function () { b.textContent = "复制引用"; }, 1500);
          });
        });
        el.appendChild(b);
      })(els[i]);
    }
  }

  /* table.sortable: a click on a header sorts by that column (numbers as numbers, empty last);
   * a second click reverses. */
  function sortable() {
    var tables = document.querySelectorAll("table.sortable");
    for (var t = 0; t < tables.length; t++) {
      (function (table) {
        var heads = table.querySelectorAll("thead th");
        for (var h = 0; h < heads.length; h++) {
          (function (th, col) {
            th.style.cursor = "pointer";
            th.setAttribute("role", "button");
            th.addEventListener("click", function () {
              var body = table.tBodies[0];
              var rows = Array.prototype.slice.call(body.rows);
              var asc = th.getAttribute("aria-sort") !== "ascending";
              for (var k = 0; k < heads.length; k++) heads[k].removeAttribute("aria-sort");
              th.setAttribute("aria-sort", asc ? "ascending" : "descending");
              rows.sort(function (a, b) {
                var x = cell(a, col), y = cell(b, col);
                if (x === y) return 0;
                if (x === "") return 1;
                if (y === "") return -1;
                var nx = parseFloat(x), ny = parseFloat(y);
                var r = (!isNaN(nx) && !isNaN(ny) && String(nx) === x && String(ny) === y) ? nx - ny : (x < y ? -1 : 1);
                return asc ? r : -r;
              });
              rows.forEach(function (r) { body.appendChild(r); });
            });
          })(heads[h], h);
        }
      })(tables[t]);
    }
  }

  function cell(row, col) {
    var c = row.cells[col];
    return c ? (c.getAttribute("data-sort") || c.textContent).trim() : "";
  }

  /* select[data-filter-table]: show only the rows whose data-themes holds the chosen theme. */
  function filters() {
    var sels = document.querySelectorAll("select[data-filter-table]");
    for (var i = 0; i < sels.length; i++) {
      (function (sel) {
        var table = document.getElementById(sel.getAttribute("data-filter-table"));
        if (!table) return;
        sel.hidden = false;
        if (sel.labels) for (var l = 0; l < sel.labels.length; l++) sel.labels[l].hidden = false;
        sel.addEventListener("change", function () {
          var v = sel.value, rows = table.tBodies[0].rows, shown = 0;
          for (var r = 0; r < rows.length; r++) {
            var themes = (rows[r].getAttribute("data-themes") || "").split("|");
            var ok = !v || themes.indexOf(v) >= 0;
            rows[r].hidden = !ok;
            shown += ok ? 1 : 0;
          }
          var out = document.querySelector("[data-filter-count='" + table.id + "']");
          if (out) out.textContent = String(shown);
        });
      })(sels[i]);
    }
  }

  function init() {
    var day = today();
    badges(day);
    regroup(day);
    copyButtons();
    sortable();
    filters();
  }

  /* Material's instant navigation replaces the page body without a load event. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  window.policyStatus = status;
})();
