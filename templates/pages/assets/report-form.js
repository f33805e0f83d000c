// Saves the report draft as the user types (debounced) and on every change, so nothing typed is
// lost; a stale version stops autosaving and says so instead of overwriting someone else's work.
(function () {
  var form = document.getElementById('report-form');
  // form.action would be the button named "action"; read the attribute.
  if (!form || form.getAttribute('data-autosave') !== '1') return;
  var status = document.getElementById('autosave-status');
  var version = document.getElementById('version');
  var timer = null;
  var saving = false;
  var inflight = null;
  var again = false;
  var stopped = false;
  var sending = false;

  function say(text) {
    if (status) status.textContent = text;
  }

  function save() {
    if (stopped) return;
    if (saving) {
      again = true;
      return;
    }
    saving = true;
    var body = new URLSearchParams(new FormData(form));
    body.delete('action');
    inflight = fetch(form.getAttribute('action'), { method: 'POST', body: body, credentials: 'same-origin', headers: { 'X-Autosave': '1' } })
      .then(function (res) {
        return res.json().then(function (data) {
          if (res.ok) {
            version.value = String(data.version);
            var now = new Date();
            say('Đã tự động lưu lúc ' + String(now.getHours()).padStart(2, '0') + ':' + String(now.getMinutes()).padStart(2, '0'));
          } else if (res.status === 409) {
            stopped = true;
            say(data.message || 'Báo cáo vừa được người khác cập nhật. Hãy tải lại trang.');
          } else if (res.status === 400) {
            say('Chưa tự động lưu được: ' + (data.errors && data.errors.length ? data.errors[0].message : data.message));
          } else {
            say(data.message || 'Chưa lưu được, sẽ thử lại.');
          }
        });
      })
      .catch(function () {
        say('Mất kết nối, sẽ thử lưu lại.');
      })
      .then(function () {
        saving = false;
        inflight = null;
        if (again) {
          again = false;
          schedule();
        }
      });
  }

  function schedule() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 1500);
  }

  form.addEventListener('input', schedule);
  form.addEventListener('change', function () {
    if (timer) clearTimeout(timer);
    save();
  });
  // Sending while an autosave is on its way would carry the version before it: wait for it.
  form.addEventListener('submit', function (event) {
    if (timer) clearTimeout(timer);
    stopped = true;
    if (inflight && !sending) {
      event.preventDefault();
      sending = true;
      var submitter = event.submitter;
      inflight.then(function () {
        form.requestSubmit(submitter);
      });
    }
  });
})();

// Keeps the progress bar true as the user types ("3/4 nhiệm vụ chủ trì đã đủ thông tin — còn
// thiếu: …", by the submission's own rule) and clears a field's message once the field changes,
// with its line in the list of refusals above the form.
(function () {
  var form = document.getElementById('report-form');
  if (!form) return;
  var count = document.getElementById('progress-count');
  var rest = document.getElementById('progress-rest');
  var bar = document.getElementById('progress-bar');

  function field(entry, name) {
    var el = entry.querySelector('[data-required="' + name + '"]');
    return el ? el.value.trim() : '';
  }

  function link(href, text) {
    var a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    return a;
  }

  function progress() {
    if (!count || !rest) return;
    var entries = form.querySelectorAll('.entry-lead');
    var done = 0;
    var missing = [];
    entries.forEach(function (entry) {
      var status = field(entry, 'status');
      var first = !status ? 'status' : !field(entry, 'percent') ? 'percentComplete' : status !== 'not_started' && !field(entry, 'workDone') ? 'workDone' : null;
      if (!first) done++;
      else missing.push(link('#' + entry.id.replace('task-', 'tasks-') + '-' + first, entry.getAttribute('data-task')));
    });
    var assessment = document.getElementById('summary-assessment');
    if (assessment && !assessment.value.trim()) missing.push(link('#summary-assessment', 'Đánh giá chung'));
    count.textContent = done + '/' + entries.length;
    if (bar) {
      bar.value = done;
      bar.textContent = done + '/' + entries.length;
    }
    rest.textContent = missing.length ? ' — còn thiếu: ' : '; có thể gửi báo cáo.';
    missing.forEach(function (a, i) {
      if (i > 0) rest.appendChild(document.createTextNode(', '));
      rest.appendChild(a);
    });
  }

  function clearMessage(target) {
    if (!target || !target.closest) return;
    // A yes/no answer is three radios; the first carries the field's id.
    var group = target.closest('fieldset.yes-no');
    var first = group && group.querySelector('input[id]');
    var id = target.id || (first ? first.id : '');
    if (!id) return;
    var label = group || target.closest('label');
    if (label) label.querySelectorAll('.field-error').forEach(function (e) { e.remove(); });
    var list = document.getElementById('form-error');
    if (!list) return;
    list.querySelectorAll('a[href="#' + id + '"]').forEach(function (a) { a.parentNode.remove(); });
    if (list.querySelector('ol') && !list.querySelector('li')) list.remove();
  }

  form.addEventListener('input', function (event) {
    clearMessage(event.target);
    progress();
  });
  form.addEventListener('change', function (event) {
    clearMessage(event.target);
    progress();
  });
})();
