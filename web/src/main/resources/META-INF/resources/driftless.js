// Asks before a form marked data-confirm="question" is sent (teardown, rollback, deploying again).
// By hand, because htmx's hx-confirm guards only htmx's own requests, and these forms post as plain
// HTML forms so that they work without script too; and in a file, because the pages allow no inline script.
document.addEventListener('submit', function (event) {
  var question = event.target.getAttribute('data-confirm');
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
}, true);
