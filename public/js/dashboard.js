// Draws the dashboard's charts with Chart.js from the JSON the page carries (no inline script: CSP).
// Every chart also exists as a table on the page; this only adds the picture.
(function () {
  'use strict';
  // Okabe–Ito: a palette that stays distinct for the common forms of colour blindness.
  var PALETTE = { blue: '#0072B2', orange: '#E69F00', green: '#009E73', vermillion: '#D55E00', sky: '#56B4E9', purple: '#CC79A7', yellow: '#F0E442', grey: '#6b7280' };
  var SIZE_COLOURS = [PALETTE.green, PALETTE.sky, PALETTE.orange, PALETTE.purple];

  function start() {
    var source = document.getElementById('dashboard-data');
    if (!source || typeof Chart === 'undefined') return;
    var data = JSON.parse(source.textContent || '{}');
    var printing = document.documentElement.classList.contains('report-document');
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = '#1b2430';
    var hours = new Intl.NumberFormat(data.locale, { maximumFractionDigits: 1 });
    var pending = 0;
    var charts = [];
    var ready = {
      id: 'ready',
      afterRender: function (chart) {
        if (chart.$drawn) return;
        chart.$drawn = true;
        pending -= 1;
        if (pending === 0) document.documentElement.dataset.chartsReady = 'true';
      },
    };
    function make(id, config) {
      var canvas = document.getElementById(id);
      if (!canvas) return;
      pending += 1;
      config.options = Object.assign({ locale: data.locale, responsive: true, maintainAspectRatio: false, animation: printing ? false : undefined }, config.options);
      config.plugins = [ready];
      charts.push(new Chart(canvas, config));
    }

    var t = data.territories;
    make('chart-territories', {
      type: 'bar',
      data: {
        labels: t.labels.map(function (label, i) { return t.below[i] ? label + ' ▲' : label; }),
        datasets: [
          { label: t.strings.medianHours, data: t.medianHours, backgroundColor: PALETTE.sky, borderColor: PALETTE.blue, borderWidth: 1, xAxisID: 'hours' },
          {
            label: t.strings.smallAgile,
            data: t.smallAgile,
            backgroundColor: t.below.map(function (b) { return b ? PALETTE.vermillion : PALETTE.green; }),
            borderColor: '#1b2430',
            borderWidth: t.below.map(function (b) { return b ? 2 : 0; }),
            xAxisID: 'partners',
          },
        ],
      },
      options: {
        indexAxis: 'y',
        scales: {
          hours: { position: 'bottom', beginAtZero: true, title: { display: true, text: t.strings.hours } },
          partners: { position: 'top', beginAtZero: true, ticks: { precision: 0 }, grid: { drawOnChartArea: false }, title: { display: true, text: t.strings.partners } },
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var value = ctx.raw === null ? '—' : hours.format(ctx.raw);
                var note = ctx.datasetIndex === 1 && t.below[ctx.dataIndex] ? ' (' + t.strings.belowTarget + ')' : '';
                return ctx.dataset.label + ': ' + value + note;
              },
            },
          },
        },
      },
    });

    var trend = data.trend;
    make('chart-trend', {
      type: 'line',
      data: {
        labels: trend.labels,
        datasets: [
          { label: trend.strings.small, data: trend.small, borderColor: PALETTE.green, backgroundColor: PALETTE.green, pointStyle: 'circle', pointRadius: 4, spanGaps: true },
          { label: trend.strings.rest, data: trend.rest, borderColor: PALETTE.orange, backgroundColor: PALETTE.orange, borderDash: [6, 4], pointStyle: 'triangle', pointRadius: 5, spanGaps: true },
        ],
      },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: trend.strings.hours } } } },
    });

    var dist = data.distribution;
    make('chart-distribution', {
      type: 'bar',
      data: {
        labels: dist.labels,
        datasets: dist.series.map(function (s, i) { return { label: s.label, data: s.data, backgroundColor: SIZE_COLOURS[i % SIZE_COLOURS.length], borderColor: '#ffffff', borderWidth: 1 }; }),
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: dist.strings.partners } } } },
    });

    if (pending === 0) document.documentElement.dataset.chartsReady = 'true';
    // Paper is narrower than the screen: redraw at the printed size.
    window.addEventListener('beforeprint', function () { charts.forEach(function (c) { c.resize(); }); });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
