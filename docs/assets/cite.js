/* A citation number ([3]) or an abbreviation explains itself in a popover: on hover, on keyboard
   focus and on tap; Escape, a tap elsewhere or leaving it closes it. The popover shows the page's
   source-list entry the number links to (publisher, title, date, link), so no source is written
   twice in the page. Without this script a number is still a link to that entry. An external file
   with no inline handlers, so a Content-Security-Policy can forbid inline script. */
(function () {
  "use strict";
  var pop = document.createElement("span");
  pop.className = "cite-pop";
  pop.id = "cite-pop";
  pop.setAttribute("role", "tooltip");
  pop.hidden = true;
  var owner = null, timer = 0, touch = false;
  /* In the body, not beside its trigger: a table's box would clip it. */
  document.body.appendChild(pop);

  /* Abbreviations are not focusable: the first of each term on the page becomes a tab stop. */
  var seen = {};
  document.querySelectorAll(".md-content abbr[title]").forEach(function (abbr) {
    if (!seen[abbr.textContent]) { seen[abbr.textContent] = true; abbr.tabIndex = 0; }
  });

  function trigger(node) {
    return node && node.closest ? node.closest("sup.cite a[href^='#'], .md-content abbr[title], .md-content abbr[data-title]") : null;
  }

  function fill(el) {
    pop.textContent = "";
    if (el.tagName === "ABBR") {
      var term = document.createElement("strong");
      term.textContent = el.textContent;
      pop.append(term, " " + (el.getAttribute("title") || el.getAttribute("data-title")));
      return true;
    }
    var entry = document.getElementById(decodeURIComponent(el.hash.slice(1)));
    if (!entry) { return false; }
    var number = document.createElement("strong");
    number.textContent = "[" + el.textContent + "] ";
    pop.append(number);
    /* Moved one by one from the copy: a live childNodes list would skip every other node. */
    var copy = entry.cloneNode(true);
    while (copy.firstChild) { pop.append(copy.firstChild); }
    return true;
  }

  function show(el) {
    clearTimeout(timer);
    if (owner === el) { return; }
    hide();
    if (!fill(el)) { return; }
    owner = el;
    if (el.tagName === "ABBR") {  /* no second, native tooltip over ours */
      el.setAttribute("data-title", el.title);
      el.removeAttribute("title");
    }
    el.setAttribute("aria-describedby", "cite-pop");
    pop.hidden = false;
    place(el);
  }

  function place(el) {
    var r = el.getBoundingClientRect();
    var base = (pop.offsetParent || document.body).getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(r.left, width - pop.offsetWidth - 8));
    pop.style.left = (left - base.left) + "px";
    pop.style.top = (r.bottom - base.top + 4) + "px";
  }

  function hide() {
    clearTimeout(timer);
    if (!owner) { return; }
    if (owner.hasAttribute("data-title")) {
      owner.title = owner.getAttribute("data-title");
      owner.removeAttribute("data-title");
    }
    owner.removeAttribute("aria-describedby");
    owner = null;
    pop.hidden = true;
  }

  function inside(node) { return node && (pop.contains(node) || (owner && owner.contains(node))); }

  document.addEventListener("pointerdown", function (e) { touch = e.pointerType !== "mouse"; }, true);
  document.addEventListener("mouseover", function (e) {
    if (touch) { return; }
    var t = trigger(e.target);
    if (t) { show(t); } else if (inside(e.target)) { clearTimeout(timer); }
  });
  document.addEventListener("mouseout", function (e) {
    if (owner && inside(e.target) && !inside(e.relatedTarget)) { timer = setTimeout(hide, 300); }
  });
  document.addEventListener("focusin", function (e) {
    var t = trigger(e.target);
    if (t) { show(t); } else if (!pop.contains(e.target)) { hide(); }
  });
  document.addEventListener("click", function (e) {
    var t = trigger(e.target);
    if (t && touch) {  /* a tap opens the source; its link, inside the popover, leads on */
      e.preventDefault();
      show(t);
    } else if (!t && !pop.contains(e.target)) {
      hide();
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && owner) {
      var back = pop.contains(document.activeElement) ? owner : null;
      hide();
      if (back) { back.focus(); }
    }
  });
  window.addEventListener("resize", hide);
})();
