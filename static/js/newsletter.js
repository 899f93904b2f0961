/* Newsletter signup: submit in place and announce the answer.
   Progressive enhancement only: without this script the form posts and the
   server redirects to a thank-you page. The messages come from the server,
   already translated. */
(function () {
  "use strict";

  function showErrors(form, errors) {
    form.querySelectorAll("[data-error-for]").forEach(function (slot) {
      var name = slot.getAttribute("data-error-for");
      var field = form.elements.namedItem(name);
      var messages = errors[name] || [];
      slot.textContent = messages.join(" ");
      if (field) {
        if (messages.length) {
          field.setAttribute("aria-invalid", "true");
        } else {
          field.removeAttribute("aria-invalid");
        }
      }
    });
    var firstInvalid = form.querySelector("[aria-invalid='true']");
    if (firstInvalid) {
      firstInvalid.focus();
    }
  }

  function enhance(form) {
    var status = form.querySelector("[data-newsletter-status]");
    var button = form.querySelector("button[type='submit']");

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      button.disabled = true;
      status.textContent = "";
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (answer) {
          showErrors(form, answer.errors || {});
          status.textContent = answer.message;
          if (answer.ok) {
            form.reset();
          }
        })
        .catch(function () {
          status.textContent = form.getAttribute("data-error-message");
        })
        .finally(function () {
          button.disabled = false;
        });
    });
  }

  document.querySelectorAll("form[data-newsletter-form]").forEach(enhance);
})();
