// The Reassign page's conveniences: tick every case of the page at once, and narrow
// the operators by name to tick or untick them together. Without this script each box
// is ticked by hand; the controls stay hidden.
(function () {
  'use strict';
  const form = document.getElementById('reassign-form');
  if (!form) return;

  const tickPage = document.getElementById('tick-page');
  const cases = form.querySelectorAll('input[name="case_ids"]');
  if (tickPage && cases.length > 0) {
    tickPage.hidden = false;
    const sync = function () {
      const ticked = Array.from(cases).filter((box) => box.checked).length;
      tickPage.checked = ticked === cases.length;
      tickPage.indeterminate = ticked > 0 && ticked < cases.length;
    };
    tickPage.addEventListener('change', function () {
      for (const box of cases) box.checked = tickPage.checked;
    });
    for (const box of cases) box.addEventListener('change', sync);
    sync();
  }

  const tools = document.getElementById('operator-tools');
  const list = document.getElementById('operator-choices');
  if (!tools || !list) return;
  tools.hidden = false;
  const filter = document.getElementById('operator-filter');
  const operators = Array.from(list.querySelectorAll('label.check'));
  const shown = () => operators.filter((label) => !label.hidden);
  filter.addEventListener('input', function () {
    const wanted = filter.value.trim().toLocaleLowerCase();
    for (const label of operators) {
      label.hidden = wanted !== '' && !label.dataset.name.toLocaleLowerCase().includes(wanted);
    }
  });
  // Enter in the filter would otherwise submit the form.
  filter.addEventListener('keydown', function (event) {
    if (event.key === 'Enter') event.preventDefault();
  });
  document.getElementById('operators-tick-shown').addEventListener('click', function () {
    for (const label of shown()) label.querySelector('input').checked = true;
  });
  document.getElementById('operators-untick').addEventListener('click', function () {
    for (const label of operators) label.querySelector('input').checked = false;
  });
})();
