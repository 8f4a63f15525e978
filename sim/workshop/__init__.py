"""The workshop (工作坊): the whole training room plays one community year together.

A trainer starts one server (``community-1234 workshop``); trainees join from their
phones with a room code, and in each round predict, choose practices and staffing under
a budget of staff hours, submit, and compare their result cards, the leaderboard and
the strategies' scatter. See docs/workshop.md.

The parts:

* ``store``: the session file (SQLite) — the room, teams, rounds, predictions,
  submissions, results, messages;
* ``rules``: what a team may choose and predict, and the errors the game gives;
* ``budget``: the staff hours a choice reserves, from the model's own accounting;
* ``game``: the game itself, no web code;
* ``results``: result cards, leaderboard, scatter with its Pareto front, prediction tally;
* ``server`` and ``app``: the tornado server, its worker pool and its routes;
* ``pages`` and ``export``: the templates, the scatter and QR code, the CSV and report;
* ``bots``: bot teams, clients of the JSON API.

Extension points for what comes later:

* facilitator-injected events (shocks): a new action in ``app.FacilitatorAction`` that
  changes the scenario of a round (``Game.scenario_of`` is where a round's community is
  built; a round's changes would live in a new ``rounds`` column of ``store``);
* the debrief replay and a counterfactual branch: every submission keeps its full choice
  and the room keeps its seeds, so ``Game.scenario_of(choice)`` with ``Game.seeds()``
  reproduces any card exactly; a branch is a new choice run on the same seeds;
* browser tests: the pages are plain server-rendered HTML with stable ids
  (``#join-form``, ``#predict-form``, ``#choice-form``, ``#live-root``, ``.controls``);
* the lesson episode: ``Game.start`` takes any scenario, so an episode ships its own.
"""
