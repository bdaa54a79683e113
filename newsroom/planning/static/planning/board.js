// Drag and drop on the planning board. It only fills in and submits each
// card's own "move" form, so the server does the same work with or without JS.
(function () {
  "use strict";

  var board = document.querySelector("[data-planning-board]");
  if (!board) {
    return;
  }
  var dragged = null;

  function cardsIn(zone) {
    return Array.prototype.filter.call(zone.querySelectorAll(".pl-card"), function (card) {
      return card !== dragged;
    });
  }

  // 1-based place among the zone's other cards, from where the pointer is.
  function positionAt(zone, y) {
    var cards = cardsIn(zone);
    for (var i = 0; i < cards.length; i++) {
      var box = cards[i].getBoundingClientRect();
      if (y < box.top + box.height / 2) {
        return i + 1;
      }
    }
    return cards.length + 1;
  }

  board.querySelectorAll(".pl-card[draggable='true']").forEach(function (card) {
    card.addEventListener("dragstart", function (event) {
      dragged = card;
      card.classList.add("pl-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.id);
    });
    card.addEventListener("dragend", function () {
      card.classList.remove("pl-dragging");
      dragged = null;
    });
  });

  board.querySelectorAll("[data-drop-page]").forEach(function (zone) {
    zone.addEventListener("dragover", function (event) {
      if (dragged) {
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        zone.classList.add("pl-drop-target");
      }
    });
    zone.addEventListener("dragleave", function () {
      zone.classList.remove("pl-drop-target");
    });
    zone.addEventListener("drop", function (event) {
      zone.classList.remove("pl-drop-target");
      if (!dragged) {
        return;
      }
      event.preventDefault();
      var form = dragged.querySelector("form.pl-move-form");
      form.elements.page.value = zone.getAttribute("data-drop-page");
      form.elements.position.value = positionAt(zone, event.clientY);
      zone.setAttribute("aria-busy", "true");
      form.requestSubmit();
    });
  });
})();
