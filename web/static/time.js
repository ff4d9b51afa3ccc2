// Deadlines (web/templates/pages/_time.html): the reader's own time beside the UTC one, and the
// countdown kept current. Without JavaScript the page shows UTC and the server's countdown.
(function () {
  "use strict";
  if (window.ppflowTime) return; // the script is included once per deadline: run once
  window.ppflowTime = true;
  var UNITS = {
    en: { day: { one: "day", other: "days" }, hour: { one: "hour", other: "hours" },
          minute: { one: "minute", other: "minutes" } },
    ru: { day: { one: "день", few: "дня", many: "дней", other: "дня" },
          hour: { one: "час", few: "часа", many: "часов", other: "часа" },
          minute: { one: "минуту", few: "минуты", many: "минут", other: "минуты" } }
  };
  var lang = document.documentElement.lang === "ru" ? "ru" : "en";
  var rules = new Intl.PluralRules(lang);
  function unit(name, n) {
    var forms = UNITS[lang][name];
    return forms[rules.select(n)] || forms.other;
  }
  function fill(template, n, name) {
    return template.replace("{n}", String(n)).replace("{unit}", unit(name, n));
  }
  function countdown(el, when) {
    var left = (when.getTime() - Date.now()) / 1000;
    if (left <= 0) return el.dataset.passed;
    var days = Math.floor(left / 86400), hours = Math.floor(left / 3600);
    if (days >= 2) return fill(el.dataset.left, days, "day");
    if (hours >= 1) return fill(el.dataset.in, hours, "hour");
    return fill(el.dataset.in, Math.max(1, Math.floor(left / 60)), "minute");
  }
  function local(el, when) {
    var spot = el.querySelector(".local-time");
    if (!spot || when.getTimezoneOffset() === 0) return; // the reader's time is UTC already
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
    function two(n) { return (n < 10 ? "0" : "") + n; }
    var shown = two(when.getDate()) + "." + two(when.getMonth() + 1) + "." + when.getFullYear() +
      " " + two(when.getHours()) + ":" + two(when.getMinutes()); // the page's own form, local
    spot.textContent = " (" + shown + " " + el.dataset.yourTime +
      (zone ? ", " + zone : "") + ")";
    spot.hidden = false;
  }
  function update(first) {
    var all = document.querySelectorAll(".deadline");
    for (var i = 0; i < all.length; i++) {
      var el = all[i], time = el.querySelector("time");
      if (!time) continue;
      var when = new Date(time.getAttribute("datetime"));
      if (isNaN(when.getTime())) continue;
      if (first) local(el, when);
      var text = el.querySelector(".countdown");
      if (text) text.textContent = countdown(el, when);
    }
  }
  function start() {
    update(true);
    window.setInterval(function () { update(false); }, 60000);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
