// Behaviour of the pages that is not htmx's. The Content-Security-Policy allows no inline script, so
// nothing here lives in an on*= attribute: forms name what they want in data- attributes instead.

// A form with data-confirm asks first (teardown, rollback, revoke, approve) and is not sent on Cancel.
document.addEventListener('submit', function (event) {
  var message = event.target.getAttribute && event.target.getAttribute('data-confirm');
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
