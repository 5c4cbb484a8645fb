// Small behaviours that must not be inline scripts (the Content-Security-Policy forbids them).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (button) {
    navigator.clipboard.writeText(document.getElementById(button.dataset.copy).textContent.trim());
  }
  const confirmable = event.target.closest("[data-confirm]");
  if (confirmable && !window.confirm(confirmable.dataset.confirm)) {
    event.preventDefault();
  }
});

// htmx 2 swaps nothing on a 4xx answer. Our pages answer a form with its errors as 400 (429 when
// a rate limit refused it) and the fragment to show: swap it in like a success, or the person
// clicks and sees nothing happen.
document.addEventListener("htmx:beforeSwap", (event) => {
  const status = event.detail.xhr.status;
  const html = (event.detail.xhr.getResponseHeader("Content-Type") || "").startsWith("text/html");
  if ((status === 400 || status === 429) && html) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
