// Behaviour of the pages that is not htmx's. The Content-Security-Policy allows no inline script, so
// nothing here lives in an on*= attribute: forms name what they want in data- attributes instead.

// Asks before a form marked data-confirm="question" is sent (teardown, rollback, deploying again, revoke,
// approve), and does not send it on Cancel. By hand, because htmx's hx-confirm guards only htmx's own
// requests, and these forms post as plain HTML forms so that they work without script too.
document.addEventListener('submit', function (event) {
  var question = event.target.getAttribute && event.target.getAttribute('data-confirm');
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
}, true);

// A page left for another may be kept whole in the back/forward cache, its event stream still open, and
// a browser opens at most 6 connections to a host over HTTP/1.1: a few pages back, every request would
// wait. So a page closes its streams when it is left (through the hook htmx's SSE extension offers for
// making them), and a page brought back from the cache is loaded again, which also catches it up.
(function () {
  if (!window.htmx) {
    return; // the wake page has no htmx
  }
  var sources = [];
  var create = htmx.createEventSource;
  htmx.createEventSource = function (url) {
    var source = create(url);
    sources.push(source);
    return source;
  };
  window.addEventListener('pagehide', function () {
    sources.forEach(function (source) { source.close(); });
    sources = [];
  });
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) {
      window.location.reload();
    }
  });
})();

// Copies the URL a button names in data-copy="…" (the stable URL, a revision's) and says so in the status
// next to it, which is a live region: a screen reader hears "Copied" too. Where the clipboard cannot be
// written (a page served over plain http from another host, a browser that refuses), it says how to copy
// by hand instead of failing silently.
document.addEventListener('click', function (event) {
  var button = event.target.closest && event.target.closest('button[data-copy]');
  if (!button) {
    return;
  }
  var status = button.nextElementSibling;
  var say = function (text, failed) {
    if (status && status.classList.contains('copy-status')) {
      status.textContent = text;
      status.classList.toggle('copy-failed', failed);
    }
  };
  var refused = function () {
    say('Copying is not possible here: select the URL and copy it by hand.', true);
  };
  if (!navigator.clipboard || !navigator.clipboard.writeText) {
    refused();
    return;
  }
  navigator.clipboard.writeText(button.getAttribute('data-copy')).then(function () {
    say('Copied', false);
  }, refused);
});

// The wake page of a sleeping preview: asks how the wake goes every second, says so in its status line (a
// live region, in words), and loads the URL asked for again once the revision is READY.
(function () {
  var status = document.querySelector('[data-wake-status]');
  if (!status) {
    return;
  }
  var url = status.getAttribute('data-wake-status');
  function poll() {
    fetch(url, { cache: 'no-store', credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (state && state.ready) {
          status.textContent = 'Status: ready, loading the preview…';
          window.location.reload();
          return;
        }
        if (state) {
          status.textContent = 'Status: ' + String(state.phase).toLowerCase();
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 1000); });
  }
  window.setTimeout(poll, 1000);
})();
