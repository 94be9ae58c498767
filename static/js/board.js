// The job board: drag a card to another column, or move it from the keyboard.
// Every move goes through the card's own "Move to…" form (htmx posts it on change),
// so dragging, the select and the arrow keys are one path, and without JavaScript
// the form still works. The server's answer re-renders the board and announces the
// move in the live region; the moved card gets the focus back.
(function () {
  "use strict";

  let focusAfterSwap = null;

  function moveCard(card, stageId) {
    const select = card.querySelector("select[data-move-select]");
    if (!select || !stageId || select.value === stageId) return;
    select.value = stageId;
    focusAfterSwap = card.dataset.candidacy;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // Keyboard: the select itself is focusable; on a focused card, Alt+Arrow moves one stage.
  document.addEventListener("keydown", function (event) {
    const card = event.target.closest && event.target.closest(".board-card");
    if (!card || event.target !== card || !event.altKey) return;
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const select = card.querySelector("select[data-move-select]");
    if (!select) return;
    const next = select.selectedIndex + (event.key === "ArrowRight" ? 1 : -1);
    if (next < 0 || next >= select.options.length) return;
    event.preventDefault();
    moveCard(card, select.options[next].value);
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-move-select]")) {
      const card = event.target.closest(".board-card");
      if (card) focusAfterSwap = card.dataset.candidacy;
    }
  }, true);

  // Drag and drop.
  document.addEventListener("dragstart", function (event) {
    const card = event.target.closest && event.target.closest(".board-card[draggable=true]");
    if (!card) return;
    event.dataTransfer.setData("text/plain", card.dataset.candidacy);
    event.dataTransfer.effectAllowed = "move";
    card.classList.add("dragging");
  });
  document.addEventListener("dragend", function (event) {
    const card = event.target.closest && event.target.closest(".board-card");
    if (card) card.classList.remove("dragging");
    document.querySelectorAll(".board-column.drop-target").forEach(function (c) { c.classList.remove("drop-target"); });
  });
  document.addEventListener("dragover", function (event) {
    const column = event.target.closest && event.target.closest(".board-column");
    if (!column) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    column.classList.add("drop-target");
  });
  document.addEventListener("dragleave", function (event) {
    const column = event.target.closest && event.target.closest(".board-column");
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("drop-target");
  });
  document.addEventListener("drop", function (event) {
    const column = event.target.closest && event.target.closest(".board-column");
    if (!column) return;
    event.preventDefault();
    column.classList.remove("drop-target");
    const id = event.dataTransfer.getData("text/plain");
    const card = id && document.querySelector('.board-card[data-candidacy="' + CSS.escape(id) + '"]');
    if (card) moveCard(card, column.dataset.stage);
  });

  // After the board comes back, the moved card keeps the focus (in its new column).
  document.addEventListener("htmx:afterSettle", function () {
    if (!focusAfterSwap) return;
    const card = document.querySelector('.board-card[data-candidacy="' + CSS.escape(focusAfterSwap) + '"]');
    focusAfterSwap = null;
    if (card) card.focus();
  });

  // "All that match the filter" and ticking single candidates exclude each other.
  document.addEventListener("change", function (event) {
    if (event.target.id === "bulk-all" && event.target.checked) {
      document.querySelectorAll('input[name=resume][form=bulk-form]').forEach(function (box) { box.checked = false; });
    } else if (event.target.name === "resume" && event.target.checked) {
      const all = document.getElementById("bulk-all");
      if (all) all.checked = false;
    }
  });
})();
