package dev.sluice.samples.relay

/**
 * `GET /?prompt=...`: a page that streams the answer with `EventSource` from `/stream`. The text
 * shows in `#answer` as it arrives; when the stream ends `#status` says `done` (or `error: ...`)
 * and `#answer-base64` holds the whole answer as base64 of its UTF-8 bytes, which a headless
 * browser's DOM dump carries without any escaping question (tests read it).
 */
internal val RELAY_PAGE: String = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sluice relay</title>
<style>body{font-family:sans-serif;max-width:48em;margin:2em auto}#answer{white-space:pre-wrap;border:1px solid #ccc;padding:1em;min-height:4em}</style>
</head>
<body>
<h1>Sluice relay</h1>
<form><input name="prompt" size="60" placeholder="Ask something"> <button>Stream</button></form>
<pre id="answer"></pre>
<p>status: <span id="status">waiting</span></p>
<pre id="answer-base64" hidden></pre>
<script>
(function () {
  var prompt = new URLSearchParams(location.search).get('prompt');
  var status = document.getElementById('status');
  if (!prompt) { status.textContent = 'enter a prompt'; return; }
  document.querySelector('input[name=prompt]').value = prompt;
  var text = '';
  var source = new EventSource('/stream?prompt=' + encodeURIComponent(prompt));
  function end(label) {
    source.close();
    var bytes = new TextEncoder().encode(text), binary = '';
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    document.getElementById('answer-base64').textContent = btoa(binary);
    status.textContent = label;
  }
  source.addEventListener('delta', function (e) {
    text += JSON.parse(e.data); // the text is a JSON string: CR and every other character arrive intact
    document.getElementById('answer').textContent = text;
    status.textContent = 'streaming';
  });
  source.addEventListener('done', function () { end('done'); });
  source.addEventListener('error', function (e) {
    // An `error` event from the relay has data; a lost connection has none, and EventSource
    // reconnects by itself with Last-Event-ID, resuming where it stopped.
    if (e.data) end('error: ' + JSON.parse(e.data).message);
    else status.textContent = 'reconnecting';
  });
})();
</script>
</body>
</html>
"""
