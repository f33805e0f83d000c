// The dashboard's charts (Chart.js, served from this origin): each chart is drawn from the table of
// its figure (cells carry the raw figure in data-value), so the chart and the table never disagree.
// Without this script the tables stay, under "Xem số liệu dạng bảng".
(function () {
  var Chart = window.Chart;
  if (!Chart) return;

  var COLORS = {
    onTime: '#2e7d32',
    late: '#b26a00',
    missing: '#b42318',
    allocated: '#1d4ed8',
    disbursed: '#2e7d32',
    on_track: '#1d4ed8',
    behind_schedule: '#b42318',
    completed: '#2e7d32',
    not_started: '#6b7280',
    suspended: '#b26a00',
  };
  var number = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 3 });

  Chart.defaults.locale = 'vi-VN';
  Chart.defaults.font.family = '"Segoe UI", Roboto, "Noto Sans", Arial, sans-serif';
  Chart.defaults.font.size = 13;
  Chart.defaults.color = '#1b1f24';
  Chart.defaults.maintainAspectRatio = false;
  // Figures to read, not to watch: drawn at once (no motion, and a print or screenshot is never caught mid-way).
  Chart.defaults.animation = false;

  /** A long label on several lines of at most `max` characters, cut between words. */
  function wrap(label, max) {
    var lines = [];
    var line = '';
    label.split(/\s+/).forEach(function (word) {
      if (line && (line + ' ' + word).length > max) {
        lines.push(line);
        line = word;
      } else line = line ? line + ' ' + word : word;
    });
    if (line) lines.push(line);
    return lines;
  }

  /** The table's row labels, and one series per header cell marked data-series: key, label, values. */
  function readTable(table) {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var series = Array.prototype.slice
      .call(table.tHead.rows[0].cells)
      .filter(function (th) {
        return th.hasAttribute('data-series');
      })
      .map(function (th) {
        return {
          key: th.getAttribute('data-series'),
          label: th.textContent.trim(),
          values: rows.map(function (tr) {
            return Number(tr.cells[th.cellIndex].getAttribute('data-value'));
          }),
        };
      });
    return {
      labels: rows.map(function (tr) {
        return tr.cells[0].textContent.trim();
      }),
      keys: rows.map(function (tr) {
        return tr.getAttribute('data-status');
      }),
      series: series,
    };
  }

  function draw(name, build) {
    var canvas = document.querySelector('canvas[data-chart="' + name + '"]');
    var table = document.querySelector('table[data-chart-table="' + name + '"]');
    if (!canvas || !table) return;
    canvas.parentNode.hidden = false;
    new Chart(canvas, build(readTable(table)));
  }

  var legend = { position: 'bottom', labels: { boxWidth: 14, padding: 12 } };

  draw('receipt', function (t) {
    return {
      type: 'bar',
      data: {
        labels: t.labels.map(function (l) {
          return wrap(l, 18);
        }),
        datasets: t.series.map(function (s) {
          return { label: s.label, data: s.values, backgroundColor: COLORS[s.key], stack: 'reports' };
        }),
      },
      options: {
        plugins: { legend: legend },
        scales: {
          x: { stacked: true, ticks: { autoSkip: false, maxRotation: 0 } },
          y: { stacked: true, beginAtZero: true, title: { display: true, text: 'Số báo cáo' }, ticks: { precision: 0 } },
        },
      },
    };
  });

  draw('capital', function (t) {
    return {
      type: 'bar',
      data: {
        labels: t.labels.map(function (l) {
          return wrap(l, 16);
        }),
        datasets: t.series.map(function (s) {
          return { label: s.label, data: s.values, backgroundColor: COLORS[s.key] };
        }),
      },
      options: {
        plugins: {
          legend: legend,
          tooltip: {
            callbacks: {
              label: function (ctx) {
                return ctx.dataset.label + ': ' + number.format(ctx.parsed.y);
              },
            },
          },
        },
        scales: {
          x: { ticks: { autoSkip: false, maxRotation: 0 } },
          y: { beginAtZero: true, title: { display: true, text: 'Tỷ đồng' } },
        },
      },
    };
  });

  draw('tasks', function (t) {
    var values = t.series[0].values;
    var total = values.reduce(function (a, b) {
      return a + b;
    }, 0);
    return {
      type: 'doughnut',
      data: {
        labels: t.labels,
        datasets: [
          {
            label: t.series[0].label,
            data: values,
            backgroundColor: t.keys.map(function (k) {
              return COLORS[k];
            }),
            borderColor: '#fff',
          },
        ],
      },
      options: {
        plugins: {
          legend: legend,
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var share = total ? (ctx.parsed * 100) / total : 0;
                return ctx.label + ': ' + number.format(ctx.parsed) + ' (' + number.format(Math.round(share * 10) / 10) + '%)';
              },
            },
          },
        },
      },
    };
  });
})();
