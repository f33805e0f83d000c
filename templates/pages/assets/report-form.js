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
