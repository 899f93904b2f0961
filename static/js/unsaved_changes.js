/* No lost work (issue 20): leaving an admin form with unsaved changes asks
   first, through the browser's own "Leave page?" dialog.

   The form's fields are compared with what they held when the page
   loaded; CKEditor keeps its textarea up to date as one types, and a field
   that belongs to the form from outside it (form="…", the article's
   workflow steps) counts too. Submitting the form itself (Save, or a
   workflow step, which saves the edits first) doesn't ask. A page shown
   again with errors holds edits that are not saved yet.

   A workflow step's button (data-unchanged-action) posts the form, to be
   saved first, only when its own fields were edited; otherwise it posts
   to the step's own address, with nothing to save. (Saving an untouched
   form would store the text as CKEditor re-serialises it, which may
   differ from what was approved.) Without JavaScript nothing asks, and
   nothing needs to: the steps submit the form, and the server saves only
   what changed. */
(function () {
  "use strict";

  function fieldValue(field) {
    if (field.type === "checkbox" || field.type === "radio") {
      return String(field.checked);
    }
    if (field.type === "file") {
      return Array.prototype.map
        .call(field.files, function (file) {
          return file.name;
        })
        .join("/");
    }
    if (field.tagName === "SELECT" && field.multiple) {
      return Array.prototype.filter
        .call(field.options, function (option) {
          return option.selected;
        })
        .map(function (option) {
          return option.value;
        })
        .join("/");
    }
    return field.value;
  }

  // The form's own fields (inside it) or every field that belongs to it.
  function snapshot(form, ownOnly) {
    var parts = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (
        !field.name ||
        field.disabled ||
        field.type === "submit" ||
        field.type === "button" ||
        field.name === "csrfmiddlewaretoken" ||
        (ownOnly && !form.contains(field))
      ) {
        return;
      }
      parts.push(field.name + "=" + fieldValue(field));
    });
    return parts.join("\n");
  }

  function start() {
    // The model's own form (Django names it "<model>_form"), not another
    // form the page shows before it (a working copy's "Discard" form).
    var form =
      document.querySelector('body.change-form #content-main form[id$="_form"]') ||
      document.querySelector("body.change-form #content-main form");
    if (!form) {
      return;
    }
    var loaded = snapshot(form, false);
    var loadedOwn = snapshot(form, true);
    var shownWithErrors = form.querySelector(".errornote") !== null;
    var submitting = false;

    function edited() {
      return shownWithErrors || snapshot(form, true) !== loadedOwn;
    }

    document
      .querySelectorAll("button[data-unchanged-action]")
      .forEach(function (button) {
        button.addEventListener("click", function () {
          if (edited()) {
            button.removeAttribute("formaction");
          } else {
            button.formAction = button.dataset.unchangedAction;
          }
        });
      });
    form.addEventListener("submit", function () {
      submitting = true;
    });
    window.addEventListener("beforeunload", function (event) {
      if (submitting || !(shownWithErrors || snapshot(form, false) !== loaded)) {
        return;
      }
      event.preventDefault();
      // Older browsers show the dialog only when a value is returned.
      event.returnValue = "";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
