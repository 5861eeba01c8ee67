/* stancewire: the few behaviours GX 1.24's validation-results pages take from jQuery, Bootstrap's JavaScript and
   vega-embed, which GX loads from public CDNs and does not ship. Inlined into each page instead (no network). */
(function () {
  "use strict";

  // Charts: GX draws Vega-Lite specs with vega-embed (not available offline); say so where the chart would be.
  window.vegaEmbed = function (selector) {
    var el = document.querySelector(selector);
    if (el) {
      el.textContent = "Chart not drawn: Vega is not available offline. The values are in the table.";
      el.classList.add("offline-chart-note");
    }
    return Promise.resolve(null);
  };

  function setShown(el, shown) {
    if (el) el.style.display = shown ? "" : "none";
  }

  // GX's "Show All / Failed Only" filter, the same elements as its jQuery version.
  function showValidations(all) {
    document.querySelectorAll(".hide-succeeded-validation-target-child").forEach(function (el) {
      setShown(el.parentElement, all);
    });
    document.querySelectorAll(".hide-succeeded-validation-target").forEach(function (el) {
      setShown(el, all);
    });
    document.querySelectorAll(".hide-succeeded-validations-column-section-target-child").forEach(function (el) {
      var section = el.parentElement && el.parentElement.parentElement;
      setShown(section, all);
      if (section && section.id) {
        document.querySelectorAll('a[href="#' + section.id + '"]').forEach(function (a) { setShown(a, all); });
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    // The page's inline script defines these with jQuery; replace them once it has run.
    window.showAllValidations = function () { showValidations(true); };
    window.hideSucceededValidations = function () { showValidations(false); };
  });

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest('[data-toggle="collapse"]');
    if (toggle) {  // Bootstrap's collapse: "Show more..." opens and closes its block
      event.preventDefault();
      var target = document.querySelector(toggle.getAttribute("data-target") || toggle.getAttribute("href"));
      if (target) {
        var open = target.classList.toggle("show");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      }
      return;
    }
    var button = event.target.closest('[data-toggle="buttons"] .btn');
    if (button) {  // Bootstrap's toggle buttons: the clicked one is the active one
      button.parentElement.querySelectorAll(".btn").forEach(function (b) { b.classList.remove("active"); });
      button.classList.add("active");
      var input = button.querySelector("input");
      if (input) input.checked = true;
    }
  });
})();
