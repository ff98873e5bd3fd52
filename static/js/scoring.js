/* Score sheet autosave with an offline queue.
 *
 * Every change is given a revision (a timestamp that only goes up) and kept in localStorage
 * until the server confirms it, so nothing is lost if the signal drops or the page closes.
 * The server ignores a save older than what it holds, so retries and late arrivals are safe.
 * Revisions follow the server's clock (data-now), not the phone's, and start above every
 * revision on the page: a phone set slow or days fast still has its later taps win.
 * Without this script the form still works: Save and Submit post the whole sheet.
 */
(function () {
  "use strict";

  // A submitted sheet: anything still queued for it is no longer needed.
  var done = document.querySelector("[data-submitted]");
  if (done) {
    try { window.localStorage.removeItem(done.getAttribute("data-submitted")); } catch (e) { /* private mode */ }
  }

  var form = document.querySelector("form[data-autosave]");
  if (!form) { return; }
  var url = form.getAttribute("data-autosave");
  var key = form.getAttribute("data-key");
  var status = document.getElementById("save-status");
  var csrf = form.querySelector("input[name=csrf_token]").value;
  var lastRevision = 0;
  var drawnAt = parseInt(form.getAttribute("data-now"), 10);
  var clockOffset = isNaN(drawnAt) ? 0 : drawnAt - Date.now();
  form.querySelectorAll("input[name^='rev-']").forEach(function (rev) {
    lastRevision = Math.max(lastRevision, parseInt(rev.value, 10) || 0);
  });
  var sending = false;
  var retryTimer = null;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(key) || "{}"); } catch (e) { return {}; }
  }
  function store(queue) {
    try {
      if (Object.keys(queue).length) { window.localStorage.setItem(key, JSON.stringify(queue)); }
      else { window.localStorage.removeItem(key); }
    } catch (e) { /* storage full or blocked: the server copy still counts */ }
  }
  function say(text, kind) {
    status.textContent = text;
    status.className = "save-status" + (kind ? " is-" + kind : "");
  }
  function nextRevision() {
    lastRevision = Math.max(Date.now() + clockOffset, lastRevision + 1);
    return lastRevision;
  }
  function timeNow() {
    var d = new Date();
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }

  function read(question) {
    var checked = form.querySelector("input[name='q-" + question + "']:checked");
    var note = form.querySelector("[name='note-" + question + "']");
    return { value: checked ? parseInt(checked.value, 10) : null, note: note ? note.value : "" };
  }

  function record(question) {
    var answer = read(question);
    answer.question = parseInt(question, 10);
    answer.revision = nextRevision();
    var rev = form.querySelector("input[name='rev-" + question + "']");
    if (rev) { rev.value = String(answer.revision); }
    var queue = load();
    queue[question] = answer;
    store(queue);
    flush();
  }

  function pendingMessage() {
    say("You are offline. Your answers are kept on this phone and will be sent when you are back online.", "offline");
  }

  function flush() {
    var queue = load();
    var answers = Object.keys(queue).map(function (q) { return queue[q]; });
    if (!answers.length) { return; }
    if (!navigator.onLine) { pendingMessage(); return; }
    if (sending) { return; }
    sending = true;
    say("Saving…");
    // A reply lost on a weak signal must not hold every later save back: give up after 15 s.
    var abort = window.AbortController ? new AbortController() : null;
    var giveUp = abort && window.setTimeout(function () { abort.abort(); }, 15000);
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ answers: answers }),
      signal: abort ? abort.signal : undefined
    }).then(function (response) {
      window.clearTimeout(giveUp);
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { ok: response.ok, status: response.status, body: body };
      });
    }).then(function (result) {
      sending = false;
      var saved = result.body && result.body.saved;
      if (result.ok && Array.isArray(saved)) {
        var current = load();
        var overtaken = false;
        saved.forEach(function (s) {
          var mine = current[s.question];
          lastRevision = Math.max(lastRevision, s.revision);
          // A later change from another tab or phone stands.
          if (s.status === "newer" && mine && mine.revision < s.revision) { overtaken = true; }
          // Drop what the server now holds; keep anything changed while this save was on its way.
          if (mine && mine.revision <= s.revision) { delete current[s.question]; }
        });
        store(current);
        if (Object.keys(current).length) { flush(); }
        else if (overtaken) {
          say("A later answer from another tab or phone was kept. Reload the page to see it.", "error");
        } else { say("Saved at " + timeNow(), "saved"); }
      } else if (result.body && result.body.code === "signed_out") {
        // Kept on the phone; sent once the page is reloaded after signing in.
        say(result.body.error + " Your answers are kept on this phone.", "error");
      } else if (result.status === 409) {
        store({});
        say("These scores are submitted and locked. Reload the page to see them.", "error");
      } else if (result.status >= 500 || result.ok) {
        say("Not saved yet: we will try again shortly. Your answers are kept on this phone.", "offline");
        schedule();
      } else {
        say((result.body && result.body.error) || "That answer could not be saved.", "error");
      }
    }).catch(function () {
      window.clearTimeout(giveUp);
      sending = false;
      pendingMessage();
      schedule();
    });
  }

  function schedule() {
    if (retryTimer) { return; }
    retryTimer = window.setTimeout(function () { retryTimer = null; flush(); }, 5000);
  }

  // Answers still queued from an earlier visit (closed tab, lost signal) go back on the form.
  (function restore() {
    var queue = load();
    Object.keys(queue).forEach(function (q) {
      var answer = queue[q];
      // Numbered by a phone clock days ahead (an older script): the server refuses those.
      if (!isNaN(drawnAt) && answer.revision > drawnAt + 86400000) { answer.revision = nextRevision(); }
      var rev = form.querySelector("input[name='rev-" + q + "']");
      if (rev && parseInt(rev.value, 10) >= answer.revision) { return; }
      if (rev) { rev.value = String(answer.revision); }
      lastRevision = Math.max(lastRevision, answer.revision);
      form.querySelectorAll("input[name='q-" + q + "']").forEach(function (input) {
        input.checked = answer.value !== null && parseInt(input.value, 10) === answer.value;
      });
      var note = form.querySelector("[name='note-" + q + "']");
      if (note) { note.value = answer.note || ""; }
    });
    if (Object.keys(queue).length) { store(queue); flush(); }
    else { say("Your answers are saved as you go."); }
  })();

  var timers = {};
  form.addEventListener("change", function (event) {
    var box = event.target.closest("[data-question]");
    if (box) { record(box.getAttribute("data-question")); }
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName !== "TEXTAREA") { return; }
    var box = event.target.closest("[data-question]");
    if (!box) { return; }
    var q = box.getAttribute("data-question");
    window.clearTimeout(timers[q]);
    timers[q] = window.setTimeout(function () { record(q); }, 800);
  });
  form.addEventListener("submit", function (event) {
    if (!navigator.onLine) {
      event.preventDefault();
      pendingMessage();
      return;
    }
    // One tap is enough: stop a double tap sending the form twice.
    if (form.getAttribute("data-sending") === "yes") { event.preventDefault(); return; }
    form.setAttribute("data-sending", "yes");
  });
  window.addEventListener("online", function () { say("Back online: sending your answers…"); flush(); });
  window.addEventListener("offline", pendingMessage);
})();
