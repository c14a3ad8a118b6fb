// The live boards of /live: keeps the rows the server rendered current from the event
// stream, and counts time in state and the longest wait up every second. Without this
// script the page still shows the boards as they were when it loaded.
(function () {
  'use strict';
  const root = document.getElementById('live');
  if (!root || !window.EventSource) return;
  const data = root.dataset;
  const lang = document.documentElement.lang || 'en';
  const read = function (json) {
    try {
      return JSON.parse(json || '{}');
    } catch {
      return {};
    }
  };
  const states = read(data.states);
  const groups = read(data.groups);
  // Times come from the server's clock: count from it, not from this computer's.
  const skew = Number(data.now) - Date.now();
  const serverNow = function () {
    return Date.now() + skew;
  };
  const formats = function (timeZone) {
    const time = { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    return {
      time: new Intl.DateTimeFormat(lang, time),
      full: new Intl.DateTimeFormat(lang, { ...time, year: 'numeric', month: '2-digit', day: '2-digit', timeZoneName: 'short' }),
    };
  };
  let dates;
  try {
    dates = formats(data.timezone);
  } catch {
    // A zone this browser does not know: UTC, which the server falls back to as well.
    dates = formats('UTC');
  }
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
  const collator = new Intl.Collator(lang);

  // Seconds as a stopwatch shows them (4:05, 1:02:03), as the server writes them.
  const clock = function (seconds) {
    const s = Math.max(0, Math.floor(seconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor(s / 60) % 60;
    const ss = String(s % 60).padStart(2, '0');
    return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
  };

  // Text changes only when it differs, so screen readers hear only what changed.
  const setText = function (element, text) {
    if (element.textContent !== text) element.textContent = text;
  };
  const cell = function (row, name) {
    return row.querySelector(`[data-cell="${name}"]`);
  };

  const boards = {
    agent: board('agents', 'agent'),
    queue: board('queues', 'queue'),
  };
  function board(plural, singular) {
    return {
      prefix: `${singular}-`,
      rows: document.getElementById(`${plural}-rows`),
      wrap: document.getElementById(`${plural}-board`),
      none: document.getElementById(`${plural}-none`),
      template: document.getElementById(`${singular}-row-template`),
    };
  }

  // The table while there are rows, the "none" note when there are not.
  const showOrHide = function (b) {
    const empty = b.rows.rows.length === 0;
    b.wrap.hidden = empty;
    b.none.hidden = !empty;
  };

  // The row of `id`, filled by `fill`; a new row goes where its name sorts.
  const upsert = function (b, id, fill) {
    let row = document.getElementById(b.prefix + id);
    const added = !row;
    if (added) {
      row = b.template.content.firstElementChild.cloneNode(true);
      row.id = b.prefix + id;
    }
    delete row.dataset.stale;
    fill(row);
    if (added) {
      const name = cell(row, 'name').textContent;
      const after = Array.from(b.rows.rows).find((r) => collator.compare(cell(r, 'name').textContent, name) > 0);
      b.rows.insertBefore(row, after || null);
      showOrHide(b);
    }
  };

  const remove = function (b, id) {
    const row = document.getElementById(b.prefix + id);
    if (row) row.remove();
    showOrHide(b);
  };

  // Shows the row's "over the maximum" badge, or hides it.
  const markOver = function (row, over) {
    cell(row, 'over').hidden = !over;
  };

  const fillAgent = function (agent) {
    return function (row) {
      setText(cell(row, 'name'), agent.name);
      const look = states[agent.state] || { label: agent.state, badge: 'badge' };
      const badge = cell(row, 'state');
      badge.className = look.badge;
      badge.dataset.state = agent.state;
      setText(badge, look.label);
      setText(cell(row, 'reason'), agent.pause_reason || '');
      const since = new Date(agent.since);
      const elapsed = cell(row, 'elapsed');
      elapsed.dataset.since = agent.since;
      // A pause with a maximum: the row marks itself once the pause outlasts it.
      if (agent.state === 'paused' && agent.max_minutes) {
        elapsed.dataset.max = String(agent.max_minutes * 60);
      } else {
        delete elapsed.dataset.max;
      }
      markOver(row, agent.over_max);
      setText(elapsed, clock((serverNow() - since.getTime()) / 1000));
      const start = cell(row, 'since');
      start.dateTime = agent.since;
      start.title = dates.full.format(since);
      setText(start, `${data.sinceBefore}${dates.time.format(since)}${data.sinceAfter}`);
      const names = (agent.group_ids || []).map((id) => groups[id]).filter(Boolean);
      setText(cell(row, 'groups'), names.join(', '));
    };
  };

  const fillQueue = function (queue) {
    return function (row) {
      setText(cell(row, 'name'), queue.name);
      setText(cell(row, 'waiting'), String(queue.waiting));
      const longest = cell(row, 'longest');
      longest.dataset.oldest = String(serverNow() - queue.longest_wait_seconds * 1000);
      setText(longest, clock(queue.longest_wait_seconds));
      setText(cell(row, 'answered'), String(queue.answered));
      setText(cell(row, 'abandoned'), String(queue.abandoned));
      const level = cell(row, 'service-level');
      const none = queue.service_level === null || queue.service_level === undefined;
      level.classList.toggle('muted', none);
      setText(level, none ? data.slNone : percent.format(queue.service_level / 100));
      setText(cell(row, 'threshold'), `${data.withinBefore}${queue.service_level_seconds}${data.withinAfter}`);
    };
  };

  // Every second: time in state, and the longest wait of queues with calls waiting.
  const tick = function () {
    const now = serverNow();
    for (const element of boards.agent.rows.querySelectorAll('[data-cell="elapsed"][data-since]')) {
      const seconds = (now - Date.parse(element.dataset.since)) / 1000;
      setText(element, clock(seconds));
      if (element.dataset.max) markOver(element.closest('tr'), seconds > Number(element.dataset.max));
    }
    for (const row of boards.queue.rows.rows) {
      const longest = cell(row, 'longest');
      if (Number(cell(row, 'waiting').textContent) > 0 && longest.dataset.oldest) {
        setText(longest, clock((now - Number(longest.dataset.oldest)) / 1000));
      }
    }
  };
  let ticker = setInterval(tick, 1000);

  // One note at a time under the title: the connection dropped, failed, or access ended.
  const status = document.getElementById('live-status');
  const say = function (kind) {
    if (status.dataset.showing === (kind || '')) return;
    status.dataset.showing = kind || '';
    status.replaceChildren();
    if (!kind) return;
    const note = document.createElement('p');
    note.className = 'warning';
    note.id = 'live-status-note';
    note.dataset.kind = kind;
    note.textContent = status.dataset[kind];
    status.append(note);
  };

  const clear = function () {
    for (const b of Object.values(boards)) {
      b.rows.replaceChildren();
      showOrHide(b);
    }
  };

  // Every connection starts with both boards in full: rows it does not repeat soon
  // after opening are gone (an agent who left sight while the connection was down).
  let sweep = null;
  const markStale = function () {
    for (const b of Object.values(boards)) {
      for (const row of b.rows.rows) row.dataset.stale = '1';
    }
    clearTimeout(sweep);
    sweep = setTimeout(function () {
      for (const b of Object.values(boards)) {
        for (const row of Array.from(b.rows.rows)) {
          if (row.dataset.stale) row.remove();
        }
        showOrHide(b);
      }
    }, 2000);
  };

  const source = new EventSource('/api/v1/live/stream');
  let ended = false;
  const on = function (kind, handle) {
    source.addEventListener(kind, function (event) {
      let payload;
      try {
        payload = JSON.parse(event.data);
      } catch {
        return;
      }
      handle(payload);
    });
  };
  source.addEventListener('open', function () {
    say(null);
    markStale();
  });
  on('agent', (agent) => upsert(boards.agent, agent.agent_id, fillAgent(agent)));
  on('queue', (queue) => upsert(boards.queue, queue.queue_id, fillQueue(queue)));
  on('agent_gone', (gone) => remove(boards.agent, gone.agent_id));
  on('reset', clear);
  on('closed', function () {
    // The viewer may no longer watch: stop, rather than reconnect to a refusal.
    ended = true;
    source.close();
    clearInterval(ticker);
    ticker = null;
    clearTimeout(sweep);
    say('ended');
  });
  source.addEventListener('error', function () {
    if (ended) return;
    // The browser reconnects by itself unless the server refused (signed out, no access).
    say(source.readyState === EventSource.CLOSED ? 'failed' : 'lost');
  });
})();
