// Progressive enhancements only: every page works without this script.
document.addEventListener('DOMContentLoaded', () => {
  // Move focus to the error summary so screen reader and keyboard users hear what went wrong.
  const summary = document.querySelector('[data-autofocus]');
  if (summary instanceof HTMLElement) summary.focus();

  // Keep the "suggested localization" option in step with the organization type chosen.
  const suggestions = document.getElementById('localization-suggestions');
  const type = document.getElementById('field-organizationType');
  const category = document.getElementById('field-localizationCategory');
  if (suggestions && type instanceof HTMLSelectElement && category instanceof HTMLSelectElement) {
    const labels = JSON.parse(suggestions.textContent || '{}');
    type.addEventListener('change', () => {
      const automatic = category.querySelector('option[value=""]');
      if (automatic && labels[type.value]) automatic.textContent = labels[type.value];
    });
  }

  // A table wider than its box (on a phone, say) scrolls inside it: let keyboard users reach that box to
  // scroll it with the arrow keys, named after the table's caption. Re-checked when the box changes size
  // (a turned phone, an opened "show as table").
  const markScrolling = (box) => {
    const caption = box.querySelector('caption');
    if (box.scrollWidth > box.clientWidth) {
      box.tabIndex = 0;
      if (caption && caption.textContent) {
        box.setAttribute('role', 'region');
        box.setAttribute('aria-label', caption.textContent.trim());
      }
    } else if (box.hasAttribute('tabindex')) {
      box.removeAttribute('tabindex');
      box.removeAttribute('role');
      box.removeAttribute('aria-label');
    }
  };
  const boxes = document.querySelectorAll('.table-wrap');
  boxes.forEach(markScrolling);
  if ('ResizeObserver' in window) {
    const observer = new ResizeObserver((entries) => entries.forEach((entry) => markScrolling(entry.target)));
    boxes.forEach((box) => observer.observe(box));
  }
});
