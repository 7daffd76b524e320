// Behaviour that used to sit in inline handlers, kept here so the Content-Security-Policy can
// forbid inline script ("script-src 'self'"). Elements ask for it with data-action.
//   data-action="print"  prints the page (the official documents' print button)
//   data-action="back"   goes back one page; without history the link's own href is followed
"use strict";

document.addEventListener("click", function (event) {
  const target = event.target instanceof Element ? event.target.closest("[data-action]") : null;
  if (!target) {
    return;
  }
  const action = target.getAttribute("data-action");
  if (action === "print") {
    event.preventDefault();
    window.print();
  } else if (action === "back" && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
