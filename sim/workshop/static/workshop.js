// The workshop's pages: fetch + EventSource, nothing else. Every piece of HTML comes from the
// server, rendered and escaped there; this file only sends the forms and swaps the live part in.
"use strict";
(function () {
  const page = document.body.dataset.page;
  const live = document.getElementById("live");
  const conn = document.getElementById("conn");
  let options = null;

  async function api(path, body) {
    const init = { credentials: "same-origin", headers: {} };
    if (body !== undefined) {
      init.method = "POST";
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    try {
      const response = await fetch(path, init);
      return await response.json();
    } catch (err) {
      return { ok: false, error: { message: conn ? conn.textContent : String(err) } };
    }
  }

  function say(form, answer) {
    const box = form.querySelector(".error");
    if (box) box.textContent = answer.ok ? "" : answer.error.message;
    return answer.ok;
  }

  let timer = null;
  function refresh() {
    clearTimeout(timer);
    timer = setTimeout(load, 150); // a burst of events makes one fetch
  }

  async function load() {
    if (!live) return;
    try {
      const response = await fetch(live.dataset.src, { credentials: "same-origin" });
      if (!response.ok) return;
      live.innerHTML = await response.text();
    } catch (err) {
      return;
    }
    if (page === "participant") updatePlay();
  }

  function listen() {
    const source = new EventSource("/events");
    source.addEventListener("change", refresh);
    source.onopen = () => { if (conn) conn.hidden = true; };
    source.onerror = () => { if (conn) conn.hidden = false; }; // the browser reconnects by itself
  }

  // ---- participant -------------------------------------------------------------------
  function updatePlay() {
    const root = document.getElementById("live-root");
    const play = document.getElementById("play");
    if (!root || !play) return;
    const open = root.dataset.round === "open" && root.dataset.submitted === "0";
    play.hidden = !open;
    const predicted = root.dataset.predicted === "1";
    document.getElementById("submit-button").disabled = !predicted;
    document.querySelector(".need-prediction").hidden = predicted;
    const saved = JSON.parse(root.dataset.prediction || "null");
    if (saved && !play.dataset.filled) {
      for (const [metric, dir] of Object.entries(saved)) {
        const input = play.querySelector(`input[name="${metric}"][value="${dir}"]`);
        if (input) input.checked = true;
      }
      play.dataset.filled = "1";
    }
  }

  function choice() {
    const form = document.getElementById("choice-form");
    const levers = {};
    for (const select of form.querySelectorAll("select[data-lever]")) {
      const lever = options.levers.find((l) => l.name === select.name);
      levers[select.name] = lever.values[Number(select.value)].value;
    }
    return { staff: Number(form.elements.staff.value), levers };
  }

  async function budget() {
    const box = document.getElementById("budget");
    const answer = await api("/api/budget", choice());
    if (!answer.ok) return;
    const texts = document.getElementById("texts").dataset;
    const share = answer.capacity > 0 ? answer.total / answer.capacity : 1;
    box.querySelector(".bar span").style.width = Math.min(100, share * 100).toFixed(1) + "%";
    box.classList.toggle("over", answer.over);
    const fill = (text) => text
      .replace("{reserved}", Math.round(answer.total).toLocaleString())
      .replace("{capacity}", Math.round(answer.capacity).toLocaleString())
      .replace("{share}", (share * 100).toFixed(0));
    box.querySelector(".budget-text").textContent = fill(answer.over ? texts.over : texts.budget);
  }

  function participant() {
    const join = document.getElementById("join-form");
    if (join) {
      join.addEventListener("submit", async (event) => {
        event.preventDefault();
        const answer = await api("/api/join", { code: join.elements.code.value, name: join.elements.name.value });
        if (say(join, answer)) location.replace("/");
      });
      return;
    }
    const predict = document.getElementById("predict-form");
    predict.addEventListener("submit", async (event) => {
      event.preventDefault();
      const body = {};
      for (const input of predict.querySelectorAll("input:checked")) body[input.name] = input.value;
      const answer = await api("/api/predict", body);
      predict.querySelector(".ok").hidden = !say(predict, answer);
      refresh();
    });
    const form = document.getElementById("choice-form");
    form.addEventListener("change", budget);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = document.getElementById("submit-button");
      button.disabled = true;
      const answer = await api("/api/submit", choice());
      if (!say(form, answer)) button.disabled = false;
      refresh();
    });
    api("/api/options").then((answer) => { options = answer; budget(); });
  }

  // ---- facilitator -------------------------------------------------------------------
  function facilitator() {
    const panel = document.querySelector(".controls");
    const done = panel.querySelector(".ok");
    for (const button of panel.querySelectorAll("button[data-action]")) {
      button.addEventListener("click", async () => {
        const body = {};
        if (button.dataset.locked) body.locked = button.dataset.locked === "true";
        if (button.dataset.n) body.n = Number(button.dataset.n);
        const answer = await api("/api/facilitator/" + button.dataset.action, body);
        done.textContent = say(panel, answer) && answer.files ? answer.files.join(" · ") : "";
        refresh();
      });
    }
    const broadcast = document.getElementById("broadcast-form");
    broadcast.addEventListener("submit", async (event) => {
      event.preventDefault();
      const answer = await api("/api/facilitator/broadcast", { text: broadcast.elements.text.value });
      if (say(panel, answer)) broadcast.reset();
    });
    // events for the rounds to come: one form per kind; the list (with its remove buttons) is in the live part
    const events = document.getElementById("events");
    for (const form of events.querySelectorAll("form.event-form")) {
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const body = { kind: form.dataset.kind };
        for (const input of form.querySelectorAll("input[name]")) body[input.name] = Number(input.value);
        say(events, await api("/api/facilitator/event", body));
        refresh();
      });
    }
    live.addEventListener("click", async (event) => {
      const button = event.target.closest("button.remove-event");
      if (!button) return;
      say(events, await api("/api/facilitator/remove_event", { id: Number(button.dataset.eventId) }));
      refresh();
    });
    const view = document.getElementById("view-form");
    view.addEventListener("change", async () => {
      // every page shows the standings the facilitator picks
      say(panel, await api("/api/facilitator/view", { metric: view.elements.metric.value, y: view.elements.y.value }));
      refresh();
    });
  }

  if (page === "participant") participant();
  if (page === "facilitator") facilitator();
  if (live) { load(); listen(); }
})();
