"""The review pages' inline scripts.

They only read ``data-*`` attributes already escaped into the page and write
with ``textContent``: report text never reaches ``innerHTML``.
"""

from __future__ import annotations

REPORT = r"""
(function () {
  "use strict";
  var cells = {};
  var all = document.querySelectorAll("td.v[data-path]");
  for (var i = 0; i < all.length; i++) cells[all[i].getAttribute("data-path")] = all[i];
  var panel = document.getElementById("prov-body");
  var words = {};
  var legend = document.querySelectorAll(".legend [data-how-word]");
  for (var j = 0; j < legend.length; j++) words[legend[j].getAttribute("data-how-word")] = legend[j].textContent;
  var selected = null;

  function row(dl, term, value, cls) {
    if (!value) return;
    var dt = document.createElement("dt"); dt.textContent = term;
    var dd = document.createElement("dd"); dd.textContent = value;
    if (cls) dd.className = cls;
    dl.appendChild(dt); dl.appendChild(dd);
  }

  function show(td) {
    if (selected) selected.classList.remove("sel");
    selected = td; td.classList.add("sel");
    var d = td.dataset;
    while (panel.firstChild) panel.removeChild(panel.firstChild);
    var p = document.createElement("div"); p.className = "path"; p.textContent = d.path;
    var l = document.createElement("p"); l.className = "lbl"; l.textContent = d.label || "";
    var dl = document.createElement("dl");
    panel.appendChild(p); panel.appendChild(l); panel.appendChild(dl);
    row(dl, "Value", d.value === "" ? "null" : d.value);
    row(dl, "How", words[d.how] || d.how);
    row(dl, "Where", d.loc);
    row(dl, "Cell", d.cell);
    if ("raw" in d) row(dl, "Raw text", JSON.stringify(d.raw), "mono");
    row(dl, "Cell box", d.box);
    row(dl, "Note", d.note);
    if (!("raw" in d) && d.how === "missing") row(dl, "Source", "no cell in the source holds this value");
    row(dl, "Checks failed", d.checks);
    var ws = (d.warnings || "").split(" ");
    for (var w = 0; w < ws.length; w++) {
      var tr = ws[w] && document.getElementById(ws[w]);
      if (tr && tr.cells.length > 2) row(dl, "Warning", tr.cells[0].textContent + ": " + tr.cells[2].textContent);
    }
  }

  document.addEventListener("click", function (e) {
    var td = e.target.closest ? e.target.closest("td.v[data-path]") : null;
    if (td) { show(td); if (history.replaceState) history.replaceState(null, "", "#v=" + td.dataset.path); }
  });
  document.addEventListener("keydown", function (e) {
    if ((e.key === "Enter" || e.key === " ") && e.target.matches && e.target.matches("td.v[data-path]")) {
      e.preventDefault(); show(e.target);
    }
  });

  function mark(li, on) {
    var paths = (li.getAttribute("data-cells") || "").split(" ");
    for (var k = 0; k < paths.length; k++) {
      var td = cells[paths[k]];
      if (td) td.classList.toggle("hl", on);
    }
  }
  var checks = document.querySelectorAll("ol.checks li[data-cells], #warnings tr[data-cells]");
  for (var m = 0; m < checks.length; m++) {
    (function (li) {
      li.addEventListener("mouseenter", function () { mark(li, true); });
      li.addEventListener("mouseleave", function () { mark(li, false); });
      li.addEventListener("focus", function () { mark(li, true); });
      li.addEventListener("blur", function () { mark(li, false); });
      li.addEventListener("click", function () {
        var first = cells[(li.getAttribute("data-cells") || "").split(" ")[0]];
        if (first) first.scrollIntoView({block: "center", behavior: "smooth"});
      });
    })(checks[m]);
  }

  function fromHash() {
    var h = decodeURIComponent(location.hash || "");
    if (h.indexOf("#v=") === 0 && cells[h.slice(3)]) show(cells[h.slice(3)]);
    if (h.indexOf("#c=") === 0) {  /* light a failing check's cells, as hovering it does */
      for (var c = 0; c < checks.length; c++) mark(checks[c], false);
      var n = parseInt(h.slice(3), 10);
      var li = document.querySelector('ol.checks li[data-check="' + n + '"]');
      if (li) { mark(li, true); li.classList.add("on"); }
    }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();

  var opened = [];
  window.addEventListener("beforeprint", function () {
    var ds = document.querySelectorAll("details:not([open])");
    for (var n = 0; n < ds.length; n++) { ds[n].open = true; opened.push(ds[n]); }
  });
  window.addEventListener("afterprint", function () {
    while (opened.length) opened.pop().open = false;
  });
  document.documentElement.setAttribute("data-ready", "1");
})();
"""

INDEX = r"""
(function () {
  "use strict";
  var rows = document.querySelectorAll("#reports tbody tr");
  var q = document.getElementById("f-text");
  var form = document.getElementById("f-form");
  var year = document.getElementById("f-year");
  var status = document.getElementById("f-status");
  var count = document.getElementById("f-count");
  function apply() {
    var text = q.value.trim().toLowerCase(), shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var d = rows[i].dataset;
      var ok = (!text || d.text.indexOf(text) >= 0) &&
               (!form.value || d.form === form.value) &&
               (!year.value || d.year === year.value) &&
               (!status.value || d.status === status.value);
      rows[i].hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = shown + " of " + rows.length + " reports shown";
  }
  [q, form, year, status].forEach(function (el) {
    el.addEventListener("input", apply); el.addEventListener("change", apply);
  });
  var params = new URLSearchParams(location.hash.slice(1));
  if (params.has("q")) q.value = params.get("q");
  if (params.has("form")) form.value = params.get("form");
  if (params.has("year")) year.value = params.get("year");
  if (params.has("status")) status.value = params.get("status");
  apply();
  document.documentElement.setAttribute("data-ready", "1");
})();
"""
