// Refreshes the progress bar of a newsletter issue being sent (admin).
(function () {
  const box = document.getElementById("issue-progress");
  if (!box) return;
  const bar = box.querySelector("progress");
  const text = box.querySelector(".counts");
  async function refresh() {
    const response = await fetch(box.dataset.url, { credentials: "same-origin" });
    if (!response.ok) return;
    const c = await response.json();
    bar.max = c.total;
    bar.value = c.sent + c.failed + c.skipped;
    text.textContent = `${c.sent} / ${c.total} (${c.percent}%) · queued ${c.queued} · failed ${c.failed} · skipped ${c.skipped} · unsubscribed since ${c.unsubscribed_since} · bounced ${c.bounced} · complained ${c.complained}`;
    if (c.state === "sending") setTimeout(refresh, 3000);
  }
  setTimeout(refresh, 3000);
})();
