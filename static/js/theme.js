/* Colour mode: "auto" (the default) follows the system's prefers-color-scheme; "light" or
   "dark" chosen with the toggle is remembered in this browser (localStorage). Loaded in the
   <head> without defer, so the page is painted in the right mode from the start. The CSP
   refuses inline scripts, so this is a file. */
(function () {
  var KEY = "careerpath-theme";
  var media = window.matchMedia("(prefers-color-scheme: dark)");

  function stored() {
    try { return localStorage.getItem(KEY) || "auto"; } catch (e) { return "auto"; }
  }
  function apply(choice) {
    var mode = choice === "auto" ? (media.matches ? "dark" : "light") : choice;
    document.documentElement.setAttribute("data-bs-theme", mode);
  }
  function showChoice(choice) {
    document.querySelectorAll("[data-theme-choice]").forEach(function (button) {
      var on = button.getAttribute("data-theme-choice") === choice;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.classList.toggle("active", on);
    });
  }

  apply(stored());
  media.addEventListener("change", function () { if (stored() === "auto") apply("auto"); });

  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.getElementById("theme-toggle");
    if (!toggle) return;
    toggle.hidden = false;  // it needs this script, so it stays hidden without it
    showChoice(stored());
    toggle.addEventListener("click", function (event) {
      var button = event.target.closest("[data-theme-choice]");
      if (!button) return;
      var choice = button.getAttribute("data-theme-choice");
      try { localStorage.setItem(KEY, choice); } catch (e) { /* private mode: this page only */ }
      apply(choice);
      showChoice(choice);
    });
  });
})();
