/* The ISNCSCI worksheet: fast keyboard entry down each column of the two-sided sheet.
   A score typed in a cell replaces it and moves to the next cell of the column; "*" stars the
   score just typed (twice: normal for classification); "n" is NT; "=" fills the cell and the rest
   of the column below it with normal (5 for a key muscle, 2 for a sensory point), only where
   empty, highlighted until saved like the page's other quick fills; arrows and Enter move. */
(function () {
  "use strict";

  var MOTOR = /^[0-5]$/;
  var SENSORY = /^[0-2]$/;

  function column(cell) {
    return Array.prototype.slice.call(
      document.querySelectorAll("#isncsci-grid input.nx-isn[data-column='" + cell.dataset.column + "']")
    );
  }

  function move(cell, step) {
    var cells = column(cell);
    var next = cells[cells.indexOf(cell) + step];
    if (next) { next.focus(); next.select(); }
    return next;
  }

  function say(text) {
    var status = document.getElementById("fill-status");
    if (status) { status.textContent = text; }
  }

  var lastTyped = null;

  function restNormal(cell, fromHere) {
    var cells = column(cell);
    var normal = cell.dataset.kind === "motor" ? "5" : "2";
    var filled = 0;
    cells.slice(fromHere ? cells.indexOf(cell) : 0).forEach(function (other) {
      if (other.disabled || other.value.trim() !== "") { return; }
      other.value = normal;
      other.classList.add("nx-prefilled");
      filled += 1;
    });
    say(filled === 0 ? "No empty cells to fill in this column." :
      "Filled " + filled + " empty cell" + (filled === 1 ? "" : "s") + " with " + normal +
      ". They are highlighted: check them before saving.");
  }

  function onKey(event) {
    var cell = event.target;
    if (!cell.classList || !cell.classList.contains("nx-isn") || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var key = event.key;
    var pattern = cell.dataset.kind === "motor" ? MOTOR : SENSORY;
    if (pattern.test(key)) {
      event.preventDefault();
      cell.value = key;
      cell.classList.remove("nx-prefilled");
      lastTyped = cell;
      move(cell, 1);
    } else if (key === "*") {
      event.preventDefault();
      var above = column(cell)[column(cell).indexOf(cell) - 1];
      var target = lastTyped && lastTyped === above ? above : cell;
      if (target.value !== "" && !/\*\*$/.test(target.value) && target.value !== "5") {
        target.value += "*";
      }
    } else if (key === "n" || key === "N") {
      event.preventDefault();
      cell.value = "NT";
      cell.classList.remove("nx-prefilled");
      lastTyped = cell;
      move(cell, 1);
    } else if (key === "=") {
      event.preventDefault();
      restNormal(cell, true);
      var cells = column(cell);
      var after = cells[cells.length - 1];
      if (after) { after.focus(); }
    } else if (key === "ArrowDown" || key === "Enter") {
      event.preventDefault();
      move(cell, 1);
    } else if (key === "ArrowUp") {
      event.preventDefault();
      move(cell, -1);
    } else if (key.length === 1) {
      event.preventDefault();  // nothing else is a score
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var grid = document.getElementById("isncsci-grid");
    if (!grid) { return; }
    grid.addEventListener("keydown", onKey);
    grid.addEventListener("focusin", function (event) {
      if (event.target.classList && event.target.classList.contains("nx-isn")) { event.target.select(); }
    });
    grid.querySelectorAll("button.nx-isn-normal").forEach(function (button) {
      button.addEventListener("click", function () {
        var first = grid.querySelector("input.nx-isn[data-column='" + button.dataset.column + "']");
        if (first) { restNormal(first, false); }
      });
    });
  });
}());
