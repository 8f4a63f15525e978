"""The workshop (工作坊): the whole training room plays one community year together.

A trainer starts one server (``community-1234 workshop``); trainees join from their
phones with a room code, and in each round predict, choose practices and staffing under
a budget of staff hours, submit, and compare their result cards, the leaderboard and
the strategies' scatter. See docs/workshop.md.

The parts:

* ``store``: the session file (SQLite) — the room, teams, rounds, predictions,
  submissions, results, messages, the events for the rounds to come and each round's own;
* ``rules``: what a team may choose and predict, and the errors the game gives;
* ``budget``: the staff hours a choice reserves, from the model's own accounting;
* ``events``: the events the facilitator sets between rounds (a storm, staff away, slow
  departments, a new compound), each one of the model's shocks;
* ``game``: the game itself, no web code;
* ``results``: result cards, leaderboard, scatter with its Pareto front, prediction tally;
* ``debrief``: the facilitator's replay of two teams and a counterfactual branch, with
  ``sim.viz`` figures as SVG, run in the worker pool;
* ``server`` and ``app``: the tornado server, its worker pool and its routes;
* ``pages`` and ``export``: the templates, the scatter and QR code, the CSV and report;
* ``bots``: bot teams, clients of the JSON API.

For what comes later: browser tests find the pages' stable ids (``#join-form``,
``#predict-form``, ``#choice-form``, ``#live-root``, ``.controls``, ``#events``,
``#replay-form``, ``#branch-form``; docs/workshop.md lists them); a lesson episode passes
its own scenario to ``Game.start``.
"""
