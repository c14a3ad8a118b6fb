// Forms marked `data-busy` whose work takes a while (a distribution, an import): once
// sent, their buttons are disabled and say so, so a second click cannot send the same
// work twice while the first is under way.
(function () {
  'use strict';
  for (const form of document.querySelectorAll('form[data-busy]')) {
    form.addEventListener('submit', function (event) {
      const submitter = event.submitter;
      // Disabled only once the browser has read the form: a disabled button's own
      // name and value would not be sent.
      setTimeout(function () {
        for (const button of form.querySelectorAll('button[type="submit"]')) {
          button.disabled = true;
        }
        if (submitter) {
          submitter.setAttribute('aria-busy', 'true');
          submitter.textContent = form.dataset.busy;
        }
      }, 0);
    });
  }
})();
