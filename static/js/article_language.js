/* The article form's text fields (marked data-article-text) take the
   language chosen in its "language" select, with its writing direction,
   so an Arabic article is typed right to left as soon as Arabic is
   chosen. The server sets the same attributes when it renders the form;
   CKEditor's editing area follows once the article is saved. */
(function () {
  "use strict";

  function followLanguage() {
    var select = document.getElementById("id_language");
    if (!select) {
      return;
    }
    var rightToLeft = (select.dataset.rtlLanguages || "").split(" ");
    var code = select.value;
    var direction = rightToLeft.indexOf(code) === -1 ? "ltr" : "rtl";
    document.querySelectorAll("[data-article-text]").forEach(function (field) {
      field.lang = code;
      field.dir = direction;
    });
  }

  function start() {
    var select = document.getElementById("id_language");
    if (select) {
      select.addEventListener("change", followLanguage);
      // Rows added with "Add another" are copies of the form as loaded.
      document.addEventListener("formset:added", followLanguage);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
