// Follows a worker job (a plan import, a document generation): the bar shows the job's progress;
// the page reloads when the job is done.
(function () {
  var box = document.querySelector('[data-progress-url]');
  if (!box) return;
  var bar = box.querySelector('progress');
  var url = box.getAttribute('data-progress-url');
  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (body) {
        if (!body) return setTimeout(poll, 2000);
        if (bar) { bar.value = Math.round(body.progress * 100); bar.textContent = bar.value + '%'; }
        if (body.state === 'queued' || body.state === 'running') setTimeout(poll, 400);
        else window.location.reload();
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
