// The import job page: follows the job while it runs (its JSON at /api/v1/jobs/{id}),
// moving the progress bar and the counts, and reloads the page once the job has ended
// so the page shows the outcome and the row errors. Without this script the page has
// a link to refresh it.
(function () {
  'use strict';
  const box = document.getElementById('job');
  if (!box || box.dataset.running !== 'true' || !box.dataset.jobUrl) return;
  const bar = document.getElementById('job-progress');
  const show = function (id, value) {
    const element = document.getElementById(id);
    if (element) element.textContent = String(value);
  };
  const INTERVAL_MS = 1000;
  const poll = async function () {
    try {
      const response = await fetch(box.dataset.jobUrl, {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
      });
      if (response.ok) {
        const job = await response.json();
        if (bar) {
          bar.max = Math.max(job.total, 1);
          bar.value = job.processed;
        }
        show('job-processed', job.processed);
        show('job-total', job.total);
        show('job-succeeded', job.succeeded);
        show('job-failed', job.failed);
        if (job.status !== 'queued' && job.status !== 'running') {
          window.location.reload();
          return;
        }
      }
    } catch (error) {
      // A network hiccup: try again at the next tick.
    }
    window.setTimeout(poll, INTERVAL_MS);
  };
  window.setTimeout(poll, INTERVAL_MS);
})();
