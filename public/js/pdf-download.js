// The PDF download takes a few seconds on the server: say so on the button while it works, then
// save the file. Without this script the form still downloads the PDF (no inline script: CSP).
(function () {
  'use strict';
  function fileNameOf(response, fallback) {
    var match = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') || '');
    return match ? match[1] : fallback;
  }

  function enhance(form) {
    var button = form.querySelector('button[type="submit"]');
    var status = form.querySelector('.pdf-download__status');
    if (!button || !window.fetch || !window.URL || !URL.createObjectURL) return;
    var idle = button.textContent;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (button.disabled) return;
      var url = form.action + '?' + new URLSearchParams(new FormData(form)).toString();
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
      button.textContent = form.dataset.busyLabel;
      if (status) status.textContent = form.dataset.busyLabel;
      fetch(url, { credentials: 'same-origin' })
        .then(function (response) {
          if (!response.ok) throw new Error('PDF ' + response.status);
          return response.blob().then(function (blob) {
            var link = document.createElement('a');
            link.href = URL.createObjectURL(blob);
            link.download = fileNameOf(response, 'report.pdf');
            document.body.appendChild(link);
            link.click();
            link.remove();
            setTimeout(function () {
              URL.revokeObjectURL(link.href);
            }, 10000);
            if (status) status.textContent = '';
          });
        })
        .catch(function () {
          if (status) status.textContent = form.dataset.failedLabel;
        })
        .then(function () {
          button.disabled = false;
          button.removeAttribute('aria-busy');
          button.textContent = idle;
        });
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('form[data-pdf-download]'), enhance);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
