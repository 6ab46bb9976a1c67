/* The exam page: quick-fill buttons that fill only EMPTY cells and keep them highlighted until
   the clinician saves (nothing is recorded that was not seen), and the NT-reason field shown
   only for a grade of NT. Keyboard: the controls are in grid order (row by row, left then
   right), so Tab walks the grid; the buttons are ordinary buttons. */
(function () {
  "use strict";

  function announce(text) {
    var status = document.getElementById("fill-status");
    if (status) { status.textContent = text; }
  }

  function prefilledCount() {
    return document.querySelectorAll("#exam-form .nx-prefilled").length;
  }

  var filling = false;

  function fill(button) {
    var grid = document.getElementById(button.dataset.grid);
    if (!grid) { return; }
    var selector = "tr[data-quick] select." + button.dataset.select;
    var filled = 0;
    filling = true;
    grid.querySelectorAll(selector).forEach(function (select) {
      if (select.disabled || select.value !== "") { return; }  // never overwrite an entry
      select.value = button.dataset.value;
      select.classList.add("nx-prefilled");
      select.dispatchEvent(new Event("change", { bubbles: true }));
      filled += 1;
    });
    filling = false;
    announce(
      filled === 0
        ? "No empty cells to fill."
        : "Filled " + filled + " empty cell" + (filled === 1 ? "" : "s") + " with " + button.dataset.value +
          ". They are highlighted: check them before saving (" + prefilledCount() + " highlighted in all)."
    );
  }

  /* "No to the rest": every red-flag and stroke question still on "not asked" becomes "no",
     highlighted like the quick fills until the clinician saves or answers it; a question
     already answered (yes or no) is never touched. */
  function noToTheRest() {
    var answered = 0;
    filling = true;
    document.querySelectorAll("#exam-form [data-no-rest] fieldset.nx-tri").forEach(function (group) {
      var unasked = group.querySelector("input[type=radio][value='']");
      var no = group.querySelector("input[type=radio][value='no']");
      if (!unasked || !no || no.disabled || !unasked.checked) { return; }
      no.checked = true;
      group.classList.add("nx-prefilled");
      no.dispatchEvent(new Event("change", { bubbles: true }));
      answered += 1;
    });
    filling = false;
    announce(
      answered === 0
        ? "Every red-flag and stroke question is already answered."
        : "Answered " + answered + " question" + (answered === 1 ? "" : "s") + " with no. They are " +
          "highlighted: check them before saving (" + prefilledCount() + " highlighted in all)."
    );
  }

  function toggleReason(select) {
    if (!select.classList.contains("grade")) { return; }
    var reason = select.closest("td").querySelector(".nx-nt-reason");
    if (reason) { reason.hidden = select.value !== "NT" && !reason.querySelector("input").value; }
  }

  /* Typing a grade picks exactly that grade: "4" is 4 (not 4-, the first option starting with
     4), then "+" or "-" makes it 4+ or 4-; "n" is NT. Native type-ahead would pick by prefix. */
  var typed = { select: null, text: "", at: 0 };
  function typeGrade(event) {
    var select = event.target;
    if (select.tagName !== "SELECT" || !select.classList.contains("grade")) { return; }
    if (event.altKey || event.ctrlKey || event.metaKey || event.key.length !== 1) { return; }
    var key = event.key.toUpperCase();
    if (!/[0-5+\-NT]/.test(key)) { return; }
    event.preventDefault();
    var now = Date.now();
    var text = (typed.select === select && now - typed.at < 1000 ? typed.text : "") + key;
    if (key === "N") { text = "NT"; }
    var values = Array.prototype.map.call(select.options, function (o) { return o.value; });
    if (values.indexOf(text) < 0) { text = key; }
    if (values.indexOf(text) < 0) { return; }
    typed = { select: select, text: text, at: now };
    select.value = text;
    select.classList.remove("nx-prefilled");
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("exam-form");
    if (!form) { return; }
    form.querySelectorAll("button.nx-fill").forEach(function (button) {
      button.addEventListener("click", function () { fill(button); });
    });
    var noRest = document.getElementById("no-to-the-rest");
    if (noRest) { noRest.addEventListener("click", noToTheRest); }
    form.addEventListener("keydown", typeGrade);
    form.addEventListener("change", function (event) {
      var target = event.target;
      if (!filling) {  // the clinician chose it
        target.classList.remove("nx-prefilled");
        var group = target.closest("fieldset.nx-tri");
        if (group) { group.classList.remove("nx-prefilled"); }
      }
      if (target.tagName === "SELECT") { toggleReason(target); }
    });
  });
})();
