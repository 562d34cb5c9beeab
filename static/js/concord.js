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

  document.querySelectorAll("time[data-countdown]").forEach(function (time) {
    var end = Date.parse(time.getAttribute("datetime"));
    var label = time.parentNode.querySelector(".countdown");
    if (!label || isNaN(end)) { return; }
    var template = label.getAttribute("data-template");
    if (!template) { return; }
    function tick() {
      var left = Math.max(0, end - Date.now());
      var days = Math.floor(left / 86400000);
      var hours = Math.floor((left % 86400000) / 3600000);
      var minutes = Math.floor((left % 3600000) / 60000);
      label.textContent = template.replace("{d}", days).replace("{h}", hours).replace("{m}", minutes);
    }
    tick();
    setInterval(tick, 30000);
  });
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
