/* No lost work (issue 20): leaving an admin form with unsaved changes asks
   first, through the browser's own "Leave page?" dialog.

   The form's fields are compared with what they held when the page
   loaded; CKEditor keeps its textarea up to date as one types, and a field
   that belongs to the form from outside it (form="…", the article's
   workflow steps) counts too. Submitting the form itself (Save, or a
   workflow step, which saves the edits first) doesn't ask. A page shown
   again with errors holds edits that are not saved yet. Without
   JavaScript nothing asks, and nothing needs to: the workflow steps still
   submit the form. */
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

  function snapshot(form) {
    var parts = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (
        !field.name ||
        field.disabled ||
        field.type === "submit" ||
        field.type === "button" ||
        field.name === "csrfmiddlewaretoken"
      ) {
        return;
      }
      parts.push(field.name + "=" + fieldValue(field));
    });
    return parts.join("\n");
  }

  function start() {
    var form = document.querySelector("body.change-form #content-main form");
    if (!form) {
      return;
    }
    var loaded = snapshot(form);
    var shownWithErrors = form.querySelector(".errornote") !== null;
    var submitting = false;
    form.addEventListener("submit", function () {
      submitting = true;
    });
    window.addEventListener("beforeunload", function (event) {
      if (submitting || !(shownWithErrors || snapshot(form) !== loaded)) {
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
