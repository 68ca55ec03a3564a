// Draws the dashboard's charts with Chart.js from the JSON the page carries (no inline script: CSP).
// Every chart also exists as a table on the page; this only adds the picture.
(function () {
  'use strict';
  // Okabe–Ito: a palette that stays distinct for the common forms of colour blindness.
  var PALETTE = {
    blue: '#0072B2',
    orange: '#E69F00',
    green: '#009E73',
    vermillion: '#D55E00',
    sky: '#56B4E9',
    purple: '#CC79A7',
    yellow: '#F0E442',
    grey: '#6b7280',
  };
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
      config.options = Object.assign(
        { locale: data.locale, responsive: true, maintainAspectRatio: false, animation: printing ? false : undefined },
        config.options,
      );
      config.plugins = (config.plugins || []).concat([ready]);
      charts.push(new Chart(canvas, config));
    }

    // A bar per territory for one measure, the target as a dashed line, and the territories that
    // miss it hatched in vermillion and named in words in their label.
    function hatch(colour) {
      var tile = document.createElement('canvas');
      tile.width = 8;
      tile.height = 8;
      var ctx = tile.getContext('2d');
      ctx.fillStyle = colour;
      ctx.fillRect(0, 0, 8, 8);
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(-2, 10);
      ctx.lineTo(10, -2);
      ctx.stroke();
      return ctx.createPattern(tile, 'repeat');
    }
    var targetLine = {
      id: 'targetLine',
      afterDatasetsDraw: function (chart) {
        var target = chart.options.plugins.targetLine;
        if (!target || target.value === null || target.value === undefined) return;
        var x = chart.scales.x.getPixelForValue(target.value);
        var area = chart.chartArea;
        var ctx = chart.ctx;
        ctx.save();
        ctx.strokeStyle = '#1b2430';
        ctx.lineWidth = 2;
        ctx.setLineDash([6, 4]);
        ctx.beginPath();
        ctx.moveTo(x, area.top);
        ctx.lineTo(x, area.bottom);
        ctx.stroke();
        ctx.restore();
      },
    };
    function targetBars(id, d, precision) {
      var flagged = hatch(PALETTE.vermillion);
      var labels = d.labels.map(function (label, i) {
        // A second line names what the colour shows, so the chart reads without colour too.
        if (d.values[i] === null && d.strings.none) return [label, '(' + d.strings.none + ')'];
        return d.flagged[i] ? [label, '(' + d.strings.flagged + ')'] : label;
      });
      var max = Math.max.apply(
        null,
        d.values.concat([d.target.value || 0]).map(function (v) {
          return v || 0;
        }),
      );
      make(id, {
        type: 'bar',
        data: {
          labels: labels,
          datasets: [
            {
              label: d.strings.measure,
              data: d.values,
              backgroundColor: d.flagged.map(function (f) {
                return f ? flagged : PALETTE.blue;
              }),
              borderColor: d.flagged.map(function (f) {
                return f ? PALETTE.vermillion : PALETTE.blue;
              }),
              borderWidth: 1,
            },
          ],
        },
        plugins: [targetLine],
        options: {
          indexAxis: 'y',
          scales: {
            x: {
              beginAtZero: true,
              suggestedMax: max * 1.1,
              ticks: { precision: precision },
              title: { display: true, text: d.strings.axis },
            },
            y: { ticks: { autoSkip: false } },
          },
          plugins: {
            targetLine: d.target,
            legend: {
              labels: {
                generateLabels: function () {
                  return [
                    { text: d.strings.measure, fillStyle: PALETTE.blue, strokeStyle: PALETTE.blue, lineWidth: 1 },
                    { text: d.strings.flagged, fillStyle: flagged, strokeStyle: PALETTE.vermillion, lineWidth: 1 },
                    {
                      text: d.strings.target + ': ' + hours.format(d.target.value),
                      fillStyle: 'rgba(0,0,0,0)',
                      strokeStyle: '#1b2430',
                      lineWidth: 2,
                      lineDash: [6, 4],
                    },
                  ];
                },
              },
            },
            tooltip: {
              callbacks: {
                label: function (ctx) {
                  return ctx.dataset.label + ': ' + (ctx.raw === null ? '—' : hours.format(ctx.raw));
                },
              },
            },
          },
        },
      });
    }
    targetBars('chart-territories', data.territories, undefined);
    targetBars('chart-small-agile', data.smallAgile, 0);

    var trend = data.trend;
    make('chart-trend', {
      type: 'line',
      data: {
        labels: trend.labels,
        datasets: [
          {
            label: trend.strings.small,
            data: trend.small,
            borderColor: PALETTE.green,
            backgroundColor: PALETTE.green,
            pointStyle: 'circle',
            pointRadius: 4,
            spanGaps: true,
          },
          {
            label: trend.strings.rest,
            data: trend.rest,
            borderColor: PALETTE.orange,
            backgroundColor: PALETTE.orange,
            borderDash: [6, 4],
            pointStyle: 'triangle',
            pointRadius: 5,
            spanGaps: true,
          },
        ],
      },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: trend.strings.hours } } } },
    });

    var dist = data.distribution;
    make('chart-distribution', {
      type: 'bar',
      data: {
        labels: dist.labels,
        datasets: dist.series.map(function (s, i) {
          return {
            label: s.label,
            data: s.data,
            backgroundColor: SIZE_COLOURS[i % SIZE_COLOURS.length],
            borderColor: '#ffffff',
            borderWidth: 1,
          };
        }),
      },
      options: {
        scales: {
          x: { stacked: true },
          y: {
            stacked: true,
            beginAtZero: true,
            ticks: { precision: 0 },
            title: { display: true, text: dist.strings.partners },
          },
        },
      },
    });

    if (pending === 0) document.documentElement.dataset.chartsReady = 'true';
    // Paper is narrower than the screen: redraw at the printed size.
    window.addEventListener('beforeprint', function () {
      charts.forEach(function (c) {
        c.resize();
      });
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
