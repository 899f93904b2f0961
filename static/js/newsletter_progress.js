// Refreshes the progress bar of a newsletter issue being sent (admin).
// The sentences come translated from the server, in the staff member's
// language, like the rest of the page.
(function () {
  const box = document.getElementById("issue-progress");
  if (!box) return;
  const bar = box.querySelector("progress");
  const state = document.querySelector(".issue-workflow .issue-state");
  async function refresh() {
    const response = await fetch(box.dataset.url, { credentials: "same-origin" });
    if (!response.ok) return;
    const c = await response.json();
    bar.max = c.total;
    bar.value = c.sent + c.failed + c.skipped;
    bar.textContent = `${c.percent}%`;
    box.querySelector(".counts").textContent = c.counts_text;
    box.querySelector(".reported").textContent = c.reported_text;
    if (state) state.textContent = c.state_label;
    if (c.state === "sending") setTimeout(refresh, 3000);
  }
  setTimeout(refresh, 3000);
})();
