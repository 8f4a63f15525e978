// Sends the form with fetch and swaps in the result when the server signals a change.
"use strict";
(function () {
  const form = document.getElementById("choice-form");
  const button = document.getElementById("submit-button");
  const status = document.getElementById("status");
  const live = document.getElementById("live");

  async function load() {
    const response = await fetch("/frag", { credentials: "same-origin" });
    if (response.ok) live.innerHTML = await response.text();
  }

  const source = new EventSource("/events");
  source.addEventListener("change", load);
  source.onopen = () => { button.disabled = false; };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const choices = {};
    for (const select of form.querySelectorAll("select")) choices[select.name] = select.value;
    const response = await fetch("/submit", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ team: data.get("team"), choices }),
    });
    const answer = await response.json();
    status.textContent = answer.message;
    status.className = answer.ok ? "" : "error";
  });
})();
