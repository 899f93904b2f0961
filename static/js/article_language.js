/* The article form's text fields (marked data-article-text) take the
   language chosen in its "language" select, with its writing direction,
   so an Arabic article is typed right to left as soon as Arabic is
   chosen, before it is first saved. The server sets the same attributes
   when it renders the form, and CKEditor's language.content; an editor
   already running (the body, FAQ answers) has its editing area turned
   around here, and one about to start (a row just added) as it starts. */
(function () {
  "use strict";

  function turnEditor(editor, code, direction) {
    editor.editing.view.change(function (writer) {
      var root = editor.editing.view.document.getRoot();
      writer.setAttribute("lang", code, root);
      writer.setAttribute("dir", direction, root);
    });
  }

  function turnEditorOf(field, code, direction) {
    if (!field.classList.contains("django_ckeditor_5")) {
      return;
    }
    var editor = (window.editors || {})[field.id];
    if (editor) {
      turnEditor(editor, code, direction);
    } else if (window.ckeditorRegisterCallback) {
      window.ckeditorRegisterCallback(field.id, function (started) {
        turnEditor(started, field.lang, field.dir);
      });
    }
  }

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
      turnEditorOf(field, code, direction);
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
