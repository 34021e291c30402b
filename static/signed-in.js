// The sign-in popup's last page (the redirect URI of the app registration). It hands the
// authorization code and state, or the error, to the Escalation Triage page that opened it, on
// this site's own origin only, and closes. It keeps nothing: the code is redeemed by the engine.
(function () {
  var query = new URLSearchParams(window.location.search);
  var message = {};
  ['code', 'state', 'error', 'error_description'].forEach(function (key) {
    if (query.has(key)) {
      message[key] = query.get(key);
    }
  });
  // Take the code out of the address bar and history at once.
  window.history.replaceState(null, '', window.location.pathname);
  if (window.opener && (message.state || message.error)) {
    window.opener.postMessage(message, window.location.origin);
    window.close();
  }
})();
