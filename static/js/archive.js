// Progressive enhancement only: every page works without this file.

// Leave empty fields out of search URLs, so that shared links stay short:
// "?q=trafficking" rather than "?q=trafficking&speaker=&debate=&...".
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "get") return;
  for (const field of form.elements) {
    if (field.name && !field.disabled && field.value === "") field.disabled = true;
  }
});

// A page restored by the back button keeps the disabled fields: enable them again.
window.addEventListener("pageshow", () => {
  for (const field of document.querySelectorAll("form[method=get] [disabled]")) field.disabled = false;
});
