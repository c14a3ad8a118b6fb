// The case page's status form: shows only the inputs for what the chosen status
// requires. Without this script every input shows, each saying which statuses need it.
(function () {
  'use strict';
  const form = document.getElementById('status-form');
  if (!form) return;
  const select = form.querySelector('select[name="status"]');
  if (!select) return;
  const update = function () {
    for (const box of form.querySelectorAll('[data-required-by]')) {
      const needed = box.dataset.requiredBy.split(' ').includes(select.value);
      box.hidden = !needed;
      // Hidden inputs do not travel with the form.
      for (const control of box.querySelectorAll('input, select, textarea')) {
        control.disabled = !needed;
      }
    }
  };
  select.addEventListener('change', update);
  update();
})();
