// Small progressive enhancements for the portal. No inline scripts anywhere,
// so a strict Content-Security-Policy holds; every page works without them.
(function () {
  "use strict";

  // Suggested skill chips: clicking one adds it to the target comma-separated field.
  document.addEventListener("click", function (event) {
    const chip = event.target.closest("[data-add-skill]");
    if (!chip) return;
    event.preventDefault();
    const field = document.getElementById(chip.dataset.skillTarget);
    if (!field) return;
    const skills = field.value.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
    if (!skills.some(function (s) { return s.toLowerCase() === chip.dataset.addSkill.toLowerCase(); })) {
      skills.push(chip.dataset.addSkill);
    }
    field.value = skills.join(", ");
    chip.remove();
  });

  // Forms that destroy data ask first.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  }, true);

  // Drag and drop onto an upload zone: the dropped files go into its file input and upload.
  // Files picked with the file input wait for the Upload button: uploading on the pick
  // as well made that click send a second, empty upload.
  function bindDropzone(zone) {
    if (zone.dataset.bound) return;
    zone.dataset.bound = "1";
    const input = zone.querySelector("input[type=file]");
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("dragover"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("dragover"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!input || !event.dataTransfer.files.length) return;
      input.files = event.dataTransfer.files;
      zone.requestSubmit();
    });
  }
  function bindAll(root) { (root || document).querySelectorAll("[data-dropzone]").forEach(bindDropzone); }
  document.addEventListener("DOMContentLoaded", function () { bindAll(document); });
  document.addEventListener("htmx:load", function (event) { bindAll(event.target); });

  // Clear the file input after an htmx upload so the same file can be chosen again.
  document.addEventListener("htmx:afterRequest", function (event) {
    const form = event.target.closest && event.target.closest("[data-dropzone]");
    if (form) { const input = form.querySelector("input[type=file]"); if (input) input.value = ""; }
  });

  // A first scheduling form's time zone: the browser's own, when the list has it.
  function selectBrowserZone(root) {
    let zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (error) { return; }
    (root || document).querySelectorAll("select[data-browser-zone]").forEach(function (select) {
      if (zone && Array.prototype.some.call(select.options, function (o) { return o.value === zone; })) {
        select.value = zone;
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { selectBrowserZone(document); });
  document.addEventListener("htmx:load", function (event) { selectBrowserZone(event.target); });

  document.addEventListener("htmx:responseError", function (event) {
    const target = document.getElementById("htmx-error");
    if (target) {
      target.textContent = "Something went wrong (" + event.detail.xhr.status + "). Please try again.";
      target.hidden = false;
    }
  });
})();
