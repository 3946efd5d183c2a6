// PosAuth back-office console: the only script (no inline script anywhere; the CSP allows this file only).
// The pages work without it. A secret shown once is selected on click, to copy it.
document.querySelectorAll('.secret-value').forEach(function (el) {
  el.addEventListener('click', function () {
    var range = document.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  });
});
