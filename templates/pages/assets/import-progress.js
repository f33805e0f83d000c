// Follows a plan import job: the bar shows the job's progress; the page reloads when it is done.
(function () {
  var box = document.getElementById('import-status');
  if (!box) return;
  var bar = document.getElementById('import-progress');
  var id = box.getAttribute('data-import');
  function poll() {
    fetch('/admin/imports/' + encodeURIComponent(id) + '/progress', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
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
