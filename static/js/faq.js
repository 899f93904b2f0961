/* Open the FAQ item a link points at (#faq-12), on load and when the
   fragment changes. Without JavaScript the item is still reached and
   opens with a click, Enter or Space. */
(function () {
  "use strict";

  function openTargetedItem() {
    var id;
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return;
    }
    if (!id) {
      return;
    }
    var target = document.getElementById(id);
    var item = target && target.closest("details");
    if (item && !item.open) {
      item.open = true;
      item.scrollIntoView();
    }
  }

  window.addEventListener("hashchange", openTargetedItem);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", openTargetedItem);
  } else {
    openTargetedItem();
  }
})();
