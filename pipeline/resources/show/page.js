// reviewx show: optional comforts. Text, tables and links work without this script.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var inspector = document.getElementById("inspector");
  var current = [];

  function clear() {
    current.forEach(function (el) { el.classList.remove("same", "current"); });
    current = [];
  }

  function goTo(href) {
    var el = document.getElementById(href.replace(/^#/, ""));
    if (!el) return;
    el.scrollIntoView({ block: "center", behavior: "smooth" });
    el.classList.remove("flash");
    void el.offsetWidth; // restart the animation
    el.classList.add("flash");
    el.focus({ preventScroll: true });
    if (history.replaceState) history.replaceState(null, "", href);
  }

  // a table row goes to the entity's first mention, whichever cell is clicked
  document.querySelectorAll("tr[data-href]").forEach(function (tr) {
    tr.addEventListener("click", function (ev) {
      ev.preventDefault();
      goTo(tr.getAttribute("data-href"));
    });
  });
  document.querySelectorAll('.panel a[href^="#"], .outline a[href^="#m-"]').forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      ev.stopPropagation();
      goTo(a.getAttribute("href"));
    });
  });

  // focusing a mention shows its values and marks the entity's other mentions and its table row
  document.addEventListener("focusin", function (ev) {
    var m = ev.target.closest ? ev.target.closest(".m[data-e]") : null;
    clear();
    if (!m) { if (inspector) inspector.hidden = true; return; }
    var key = m.getAttribute("data-e");
    document.querySelectorAll('[data-e="' + key + '"]').forEach(function (el) {
      if (el !== m) { el.classList.add(el.tagName === "TR" ? "current" : "same"); current.push(el); }
    });
    if (inspector) {
      inspector.textContent = m.getAttribute("title") || "";
      inspector.hidden = false;
    }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && inspector) { inspector.hidden = true; clear(); }
  });
})();
