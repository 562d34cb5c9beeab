/* Small comforts on top of pages that work without JavaScript. */
(function () {
  "use strict";
  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/g;

  // Counted as consultations/text.py counts: words between spaces, two CJK characters as one word.
  function countWords(text) {
    var cjk = (text.match(CJK) || []).length;
    var others = text.replace(CJK, " ").trim();
    return (others ? others.split(/\s+/).length : 0) + Math.ceil(cjk / 2);
  }

  document.querySelectorAll("textarea[data-word-count]").forEach(function (area) {
    var limit = parseInt(area.getAttribute("data-word-limit"), 10);
    var output = document.getElementById(area.id + "-count");
    if (!output) { return; }
    function update() {
      var count = countWords(area.value);
      var template = limit ? output.getAttribute("data-template-limit") : output.getAttribute("data-template");
      output.textContent = template.replace("{count}", count).replace("{limit}", limit);
      output.classList.toggle("over", Boolean(limit) && count > limit);
    }
    area.addEventListener("input", update);
    update();
  });

  // The time left as accounts.formats.duration writes it on the server: its two largest units, in the page's
  // language with CLDR's plurals (Intl), joined as the language joins a list. Without Intl's units and lists the
  // server's text stays, as it was when the page was made.
  function timeLeft(left, locale) {
    var minutes = Math.floor(left / 60000);
    var days = Math.floor(minutes / 1440), hours = Math.floor(minutes / 60) % 24;
    var shown = days ? [[days, "day"], [hours, "hour"]] : hours ? [[hours, "hour"], [minutes % 60, "minute"]] : [[minutes, "minute"]];
    var words = shown.filter(function (part, i) { return part[0] || i === 0; }).map(function (part) {
      return new Intl.NumberFormat(locale, { style: "unit", unit: part[1], unitDisplay: "long" }).format(part[0]);
    });
    return new Intl.ListFormat(locale, { type: "conjunction", style: "long" }).format(words);
  }

  document.querySelectorAll("time[data-countdown]").forEach(function (time) {
    var end = Date.parse(time.getAttribute("datetime"));
    var label = time.parentNode.querySelector(".countdown");
    if (!label || isNaN(end) || typeof Intl === "undefined" || !Intl.ListFormat) { return; }
    var template = label.getAttribute("data-template");
    var locale = label.getAttribute("data-locale") || undefined;
    if (!template) { return; }
    function tick() {
      try {
        label.textContent = template.replace("{left}", timeLeft(Math.max(0, end - Date.now()), locale));
      } catch (e) { /* an older browser without unit formats: the server's text stays */ }
    }
    tick();
    setInterval(tick, 30000);
  });
})();

/* The sign-up form's time zone starts as the browser's own, if it is in the list and the person has not picked
   one yet; without JavaScript it stays UTC, to be chosen by hand. */
(function () {
  "use strict";
  var select = document.querySelector("select[data-browser-zone]");
  if (!select || !window.Intl) { return; }
  var options = Array.prototype.slice.call(select.options);
  if (!options.every(function (option) { return option.selected === option.defaultSelected; })) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  var region = zone.split("/")[0] + "/";
  // Chromium names some zones by their older names (Asia/Calcutta for Asia/Kolkata): ask it its name for each zone
  // of the region, only when the list does not have the name as it is.
  function browserName(value) {
    try { return new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone; } catch (e) { return ""; }
  }
  var match = options.filter(function (option) { return option.value === zone; })[0] ||
    options.filter(function (option) { return option.value.indexOf(region) === 0 && browserName(option.value) === zone; })[0];
  if (match) { select.value = match.value; }
})();

/* Compilation progress: plain polling of a small JSON document, then a reload when it is done. */
(function () {
  "use strict";
  document.querySelectorAll("[data-progress-url]").forEach(function (label) {
    var url = label.getAttribute("data-progress-url");
    function poll() {
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          label.textContent = data.label + " (" + data.done + " / " + data.total + ")";
          if (data.status === "succeeded" || data.status === "failed") { window.location.reload(); }
          else { setTimeout(poll, 2000); }
        })
        .catch(function () { setTimeout(poll, 5000); });
    }
    setTimeout(poll, 2000);
  });
})();

/* Autosave: what is typed in an input's answers is kept on this device until the server has it, so that a
   lost connection or a closed tab loses nothing; on the next visit the form offers to put it back. Nothing is
   sent anywhere: saving a draft remains the user's own action. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.localStorage) { return; }
  var key = "concord-draft:" + form.getAttribute("data-autosave");
  var areas = Array.prototype.slice.call(form.querySelectorAll("textarea[name^=answer_]"));
  var notice = form.querySelector(".autosave");

  function current() {
    var values = {};
    areas.forEach(function (area) { values[area.name] = area.value; });
    return values;
  }
  function differs(values) {
    return areas.some(function (area) { return (values[area.name] || "") !== area.value; });
  }
  function forget() { try { localStorage.removeItem(key); } catch (e) { /* private mode */ } }

  var kept = null;
  try { kept = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { kept = null; }
  if (kept && kept.values && differs(kept.values)) {
    var when = new Date(kept.at);
    notice.querySelector("span").textContent = notice.getAttribute("data-message").replace("{time}", when.toLocaleString());
    notice.hidden = false;
    notice.querySelector("[data-restore]").addEventListener("click", function () {
      areas.forEach(function (area) {
        if (kept.values[area.name] !== undefined) {
          area.value = kept.values[area.name];
          area.dispatchEvent(new Event("input"));
        }
      });
      notice.hidden = true;
    });
    notice.querySelector("[data-discard]").addEventListener("click", function () { forget(); notice.hidden = true; });
  } else {
    forget(); // the server has it all
  }

  var timer = null;
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      try { localStorage.setItem(key, JSON.stringify({ at: Date.now(), values: current() })); } catch (e) { /* full */ }
    }, 800);
  });
})();
