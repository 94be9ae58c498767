// Small progressive enhancements for the portal. No inline scripts anywhere,
// so a strict Content-Security-Policy holds.
document.addEventListener("htmx:responseError", function (event) {
  const target = document.getElementById("htmx-error");
  if (target) {
    target.textContent = "Something went wrong (" + event.detail.xhr.status + "). Please try again.";
    target.hidden = false;
  }
});
