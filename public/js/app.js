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
});
