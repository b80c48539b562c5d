'use strict';
// Load generator of bench/wallboard-clients.sh. The driver (this file without --worker) signs in, forks --procs
// worker processes that hold --clients SignalR connections to /hubs/wallboard between them, then changes agents'
// states through the REST API at --rate changes per second and works out, per client and change, how long the
// change took to reach the client. Times on both sides are process.hrtime (CLOCK_MONOTONIC, one clock for every
// process of the machine), so the workers' receipt times and the driver's issue times compare directly.
//
// Which change a push shows (attribution.js, tested by attribution.test.js): the changes walk the K agents through a cycle of 3K states (log in = ready, then
// not-ready, then log out, one agent per change) whose (loggedOut, ready, notReady) counts are all different, so the
// agent counts of a push name a position in the cycle. A push is taken to show the latest change issued before it
// was received that has that position (the same position comes round again only 3K changes later), and showing change
// j shows every change before it. A change's latency for a client is the receipt of the first push showing it minus
// the instant just before the API call that made it. Pushes whose counts match no position (an agent between its
// AgentLoggedIn and AgentReady events) are counted and skipped.

const { fork } = require('node:child_process');
const fs = require('node:fs');
const signalR = require('@microsoft/signalr');
const { cyclePositions, firstShown } = require('./attribution');

const nowMs = () => Number(process.hrtime.bigint() / 1000n) / 1000;

function parseArgs(argv) {
  const args = {
    url: 'http://127.0.0.1:18080', clients: 1000, procs: 2, rate: 2, changes: 120, agents: 10, connectConcurrency: 50,
    idleSeconds: 15, warmupCycles: 1, serverPid: 0, clkTck: 100, out: '', user: 'supervisor', password: 'supervisor', deadlineSeconds: 600,
  };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (key === 'worker') { args.worker = true; continue; }
    if (!(key in args)) throw new Error(`unknown option ${argv[i]}`);
    const value = argv[++i];
    args[key] = typeof args[key] === 'number' ? Number(value) : value;
    if (typeof args[key] === 'number' && !Number.isFinite(args[key])) throw new Error(`${argv[i - 1]} needs a number (was ${value})`);
  }
  return args;
}

// ---------------------------------------------------------------- worker: holds connections, records pushes

async function runWorker() {
  let conns = [];
  let pushes = [];      // per client: flat [receivedMs, position, receivedMs, position, ...]
  let closed = 0, positions = null, cycle = 0;
  const errors = [];

  const position = (agents) => {
    const p = positions.get(`${agents.loggedOut},${agents.ready},${agents.notReady}`);
    return p === undefined ? -1 : p;
  };

  async function connect(msg) {
    positions = new Map(msg.positions);
    cycle = msg.cycle;
    const started = nowMs();
    let next = 0, ok = 0, failed = 0;
    const one = async () => {
      while (next < msg.count) {
        const index = next++;
        pushes[index] = [];
        const conn = new signalR.HubConnectionBuilder()
          .withUrl(`${msg.url}/hubs/wallboard`, {
            transport: signalR.HttpTransportType.WebSockets,
            skipNegotiation: true,
            accessTokenFactory: () => msg.token,
          })
          .configureLogging(signalR.LogLevel.None)
          .build();
        conn.on('figures', (figures) => {
          const at = nowMs();
          pushes[index].push(at, position(figures.agents));
        });
        conn.onclose((error) => {
          closed++;
          if (error && errors.length < 5) errors.push(String(error.message ?? error));
        });
        try {
          await conn.start();
          conns[index] = conn;
          ok++;
        } catch (error) {
          failed++;
          if (errors.length < 5) errors.push(String(error.message ?? error));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(msg.concurrency, msg.count) }, one));
    process.send({ type: 'connected', ok, failed, seconds: (nowMs() - started) / 1000, errors });
  }

  process.on('message', async (msg) => {
    if (msg.type === 'connect') {
      await connect(msg);
    } else if (msg.type === 'reset') {
      // Pushes before the measured window (connection, idle) are not part of the figures.
      pushes = pushes.map(() => []);
      process.send({ type: 'reset' });
    } else if (msg.type === 'collect') {
      const open = conns.filter((c) => c && c.state === signalR.HubConnectionState.Connected).length;
      process.send({ type: 'collected', pushes, closed, open, errors });
    } else if (msg.type === 'stop') {
      await Promise.allSettled(conns.filter(Boolean).map((c) => c.stop()));
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready' });
}

// ---------------------------------------------------------------- driver

function procTicks(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15 of stat)
}

function rssKib(pid) {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]);
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(values) {
  const sorted = Float64Array.from(values).sort();
  const mean = sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1);
  return {
    count: sorted.length, mean, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

// The event's own time stamp ("2026-11-24T00:10:00.1234567+00:00") in epoch milliseconds, keeping the sub-ms part.
function epochMs(iso) {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)$/.exec(iso);
  const fraction = m[2] ? Number(`0.${m[2]}`) * 1000 : 0;
  return Date.parse(`${m[1]}${m[3]}`) + fraction;
}

async function runDriver(args) {
  const deadline = setTimeout(() => { console.error(`wallboard-clients: gave up after ${args.deadlineSeconds} s`); process.exit(3); }, args.deadlineSeconds * 1000);
  deadline.unref();
  const workers = [];
  const stopWorkers = () => { for (const w of workers) { try { w.kill('SIGKILL'); } catch { /* gone */ } } };
  process.on('exit', stopWorkers);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

  const api = async (method, path, body) => {
    const response = await fetch(`${args.url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
    return response.json();
  };
  let token = null;
  token = (await api('POST', '/api/auth/token', { userName: args.user, password: args.password })).accessToken;

  // The cycle: every agent logged out at the start (a fresh server), then log in (ready), not-ready, log out.
  const allAgents = await api('GET', '/api/agents');
  const loggedOut = (a) => a.state === 0 || /^loggedout$/i.test(String(a.state).replace(/[-_]/g, ''));
  const agents = allAgents.filter(loggedOut).slice(0, args.agents).map((a) => a.agentId);
  if (agents.length < 2) throw new Error(`need at least 2 logged-out agents, found ${agents.length}: ${JSON.stringify(allAgents[0])}`);
  const K = agents.length, cycle = 3 * K;
  const base = (await api('GET', '/api/wallboard')).agents;
  const positions = cyclePositions(K, base);
  const step = (j) => {
    const phase = Math.floor(j / K) % 3, agent = agents[j % K];
    return phase === 0 ? ['POST', `/api/agents/${agent}/login`, undefined]
      : phase === 1 ? ['POST', `/api/agents/${agent}/not-ready`, { reason: 'bench' }]
        : ['POST', `/api/agents/${agent}/logout`, undefined];
  };

  // Workers.
  const per = Math.floor(args.clients / args.procs);
  const counts = Array.from({ length: args.procs }, (_, i) => per + (i < args.clients % args.procs ? 1 : 0));
  const inbox = new Map(); // worker -> pending resolvers by message type
  const next = (w, type) => new Promise((resolve) => inbox.get(w).set(type, resolve));
  for (let i = 0; i < args.procs; i++) {
    const w = fork(__filename, ['--worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    inbox.set(w, new Map());
    w.on('message', (msg) => { const r = inbox.get(w).get(msg.type); if (r) { inbox.get(w).delete(msg.type); r(msg); } });
    w.on('exit', (code) => { if (code !== 0 && !finished) { console.error(`worker ${w.pid} exited with ${code}`); process.exit(4); } });
    workers.push(w);
  }
  let finished = false;
  await Promise.all(workers.map((w) => next(w, 'ready')));
  const loadTicks = () => workers.reduce((sum, w) => sum + procTicks(w.pid), 0);

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const cpuWindow = async (seconds) => {
    const s0 = procTicks(args.serverPid), l0 = loadTicks(), t0 = nowMs();
    await sleep(seconds * 1000);
    const elapsed = (nowMs() - t0) / 1000;
    return { seconds: elapsed, serverCores: (procTicks(args.serverPid) - s0) / args.clkTck / elapsed, loadCores: (loadTicks() - l0) / args.clkTck / elapsed };
  };

  // The server's own background work (media clocks, timers) with no client, after start-up has settled.
  await sleep(3000);
  const noClients = await cpuWindow(args.idleSeconds);
  const rssBefore = rssKib(args.serverPid);
  const connectStarted = nowMs();
  const connected = await Promise.all(workers.map((w, i) => {
    const p = next(w, 'connected');
    w.send({ type: 'connect', url: args.url, token, count: counts[i], concurrency: Math.ceil(args.connectConcurrency / args.procs), positions, cycle });
    return p;
  }));
  const connectSeconds = (nowMs() - connectStarted) / 1000;
  const ok = connected.reduce((s, c) => s + c.ok, 0), connectFailed = connected.reduce((s, c) => s + c.failed, 0);
  await sleep(3000);
  const rssConnected = rssKib(args.serverPid);

  // Warm-up: whole cycles (back to every agent logged out) so the measured window does not pay for the JIT.
  for (let j = 0; j < args.warmupCycles * cycle; j++) {
    const [method, path, body] = step(j);
    await api(method, path, body);
    await sleep(1000 / args.rate);
  }

  // Idle window: N clients connected, nothing changing (keep-alive pings only).
  await sleep(1000);
  const idle = await cpuWindow(args.idleSeconds);

  const eventsBefore = await api('GET', '/api/records/events?after=0');
  const lastSequence = eventsBefore.length ? eventsBefore[eventsBefore.length - 1].sequence : 0;
  await Promise.all(workers.map((w) => { const p = next(w, 'reset'); w.send({ type: 'reset' }); return p; }));

  // Measured window: changes on absolute deadlines at --rate per second, each API call awaited before the next.
  const issued = new Float64Array(args.changes), answered = new Float64Array(args.changes), wallIssued = new Float64Array(args.changes);
  const wallOffset = (performance.timeOrigin + performance.now()) - nowMs();
  let apiFailures = 0, late = 0;
  const s0 = procTicks(args.serverPid), l0 = loadTicks(), d0 = procTicks(process.pid), t0 = nowMs();
  const start = nowMs() + 200;
  for (let j = 0; j < args.changes; j++) {
    const due = start + (j * 1000) / args.rate;
    const wait = due - nowMs();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait)); else late++;
    const [method, path, body] = step(j);
    issued[j] = nowMs();
    wallIssued[j] = issued[j] + wallOffset;
    try {
      await api(method, path, body);
    } catch (error) {
      apiFailures++;
      console.error(String(error.message ?? error));
    }
    answered[j] = nowMs();
  }
  const lastIssued = nowMs();
  // Let the last change reach everyone: two push intervals and more, bounded.
  await sleep(2000);
  const s1 = procTicks(args.serverPid), l1 = loadTicks(), d1 = procTicks(process.pid), t1 = nowMs();
  const measured = {
    seconds: (t1 - t0) / 1000, changeSeconds: (lastIssued - t0) / 1000,
    serverCores: (s1 - s0) / args.clkTck / ((t1 - t0) / 1000), loadCores: (l1 - l0) / args.clkTck / ((t1 - t0) / 1000),
    driverCores: (d1 - d0) / args.clkTck / ((t1 - t0) / 1000),
  };
  const rssMeasured = rssKib(args.serverPid);

  const collected = await Promise.all(workers.map((w) => { const p = next(w, 'collected'); w.send({ type: 'collect' }); return p; }));

  // The event each change appended last (login: AgentReady after AgentLoggedIn), by sequence: its own time stamp.
  const ours = new Set(agents);
  // AcdEventKind: AgentLoggedOut = 101, AgentReady = 102, AgentNotReady = 103 (numbers, or names if serialised so).
  const shownKinds = new Set([101, 102, 103, 'AgentLoggedOut', 'AgentReady', 'AgentNotReady']);
  const events = (await api('GET', `/api/records/events?after=${lastSequence}`))
    .filter((e) => ours.has(e.agentId) && shownKinds.has(e.kind));
  const eventAt = events.length === args.changes ? events.map((e) => epochMs(e.at)) : null;

  // Attribution (see the top of the file) and latencies.
  const latencies = [], fromEvent = [], apiMs = [];
  const first = new Float64Array(args.changes).fill(Infinity), last = new Float64Array(args.changes).fill(-Infinity);
  for (let j = 0; j < args.changes; j++) apiMs.push(answered[j] - issued[j]);
  let pushes = 0, unmapped = 0, missed = 0, stale = 0;
  for (const worker of collected) {
    for (const flat of worker.pushes) {
      if (!flat) continue;
      pushes += flat.length / 2;
      const shown = firstShown(flat, issued, cycle);
      unmapped += shown.unmapped;
      stale += shown.stale;
      shown.seen.forEach((at, c) => {
        if (Number.isNaN(at)) { missed++; return; }
        latencies.push(at - issued[c]);
        first[c] = Math.min(first[c], at - issued[c]);
        last[c] = Math.max(last[c], at - issued[c]);
        if (eventAt) fromEvent.push(at + wallOffset - eventAt[c]);
      });
    }
  }

  finished = true;
  await Promise.all(workers.map((w) => new Promise((resolve) => { w.once('exit', resolve); w.send({ type: 'stop' }); setTimeout(() => { try { w.kill('SIGKILL'); } catch { /* gone */ } }, 5000).unref(); })));

  const result = {
    clients: args.clients, procs: args.procs, agents: K, rate: args.rate, changes: args.changes,
    connected: ok, connectFailed, connectSeconds,
    disconnects: collected.reduce((s, c) => s + c.closed, 0), openAtEnd: collected.reduce((s, c) => s + c.open, 0),
    errors: [...new Set(collected.flatMap((c) => c.errors).concat(connected.flatMap((c) => c.errors)))].slice(0, 5),
    apiFailures, lateChanges: late, apiMs: summary(apiMs),
    pushes, unmapped, stale, missed,
    latencyMs: summary(latencies),
    // Per change: its first and its last client (the fan-out's spread), over the changes.
    firstClientMs: summary(Array.from(first).filter(Number.isFinite)), lastClientMs: summary(Array.from(last).filter(Number.isFinite)), fromEventMs: eventAt ? summary(fromEvent) : null, eventsMatched: events.length,
    rssKib: { before: rssBefore, connected: rssConnected, measured: rssMeasured, perClient: (rssConnected - rssBefore) / Math.max(1, ok) },
    noClients, idle, measured,
  };
  if (args.out) fs.writeFileSync(args.out, JSON.stringify(result, null, 2));
  print(result);
  process.exit(apiFailures > 0 || ok === 0 ? 1 : 0);
}

function print(r) {
  const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
  const l = r.latencyMs, e = r.fromEventMs;
  console.log(`clients ${r.clients} (${r.procs} Node processes), connected ${r.connected}, connect failures ${r.connectFailed}, connect time ${f(r.connectSeconds)} s`);
  console.log(`changes ${r.changes} at ${r.rate}/s over ${r.agents} agents; API call p50 ${f(r.apiMs.p50)} ms, max ${f(r.apiMs.max)} ms; API failures ${r.apiFailures}; changes issued late ${r.lateChanges}`);
  console.log(`change -> client (from before the API call): n ${l.count}, p50 ${f(l.p50)} ms, p95 ${f(l.p95)} ms, p99 ${f(l.p99)} ms, max ${f(l.max)} ms, mean ${f(l.mean)} ms`);
  console.log(`per change, first client: p50 ${f(r.firstClientMs.p50)} ms, max ${f(r.firstClientMs.max)} ms; last client: p50 ${f(r.lastClientMs.p50)} ms, max ${f(r.lastClientMs.max)} ms`);
  if (e) console.log(`event time stamp -> client: p50 ${f(e.p50)} ms, p95 ${f(e.p95)} ms, p99 ${f(e.p99)} ms, max ${f(e.max)} ms`);
  else console.log(`event time stamps: ${r.eventsMatched} events for ${r.changes} changes, not used`);
  console.log(`pushes received ${r.pushes} (unmapped ${r.unmapped}, stale ${r.stale}); client-changes never seen ${r.missed}; disconnects ${r.disconnects}, open at end ${r.openAtEnd}`);
  if (r.errors.length) console.log(`errors: ${r.errors.join(' | ')}`);
  console.log(`server RSS ${r.rssKib.before} KiB before, ${r.rssKib.connected} KiB connected, ${r.rssKib.measured} KiB after the changes: ${f(r.rssKib.perClient)} KiB per client`);
  // Per client: the server's CPU above its own background (the window with no client), in CPU µs per second.
  const perClient = (cores) => f(((cores - r.noClients.serverCores) * 1e6) / Math.max(1, r.connected), 1);
  console.log(`server CPU, no client (${f(r.noClients.seconds, 0)} s): ${f(r.noClients.serverCores * 100)} % of a core`);
  console.log(`server CPU, ${r.connected} connected and idle (${f(r.idle.seconds, 0)} s): ${f(r.idle.serverCores * 100)} % of a core, ${perClient(r.idle.serverCores)} µs/s per client above no client; load generator ${f(r.idle.loadCores * 100)} %`);
  console.log(`server CPU, changes (${f(r.measured.seconds, 0)} s): ${f(r.measured.serverCores * 100)} % of a core, ${perClient(r.measured.serverCores)} µs/s per client above no client, ${f((r.measured.serverCores - r.noClients.serverCores) * r.measured.seconds * 1e6 / Math.max(1, r.pushes), 1)} µs per push received; load generator ${f(r.measured.loadCores * 100)} % (${r.procs} workers), driver ${f(r.measured.driverCores * 100)} %`);
  // The same N connected in both windows: what the pushes (and the API calls) cost, without the per-client baseline.
  console.log(`server CPU of the changes above the idle window with the same clients: ${f((r.measured.serverCores - r.idle.serverCores) * r.measured.seconds * 1e6 / Math.max(1, r.pushes), 1)} µs per push received`);
}

const args = parseArgs(process.argv.slice(2));
if (args.worker) {
  runWorker();
} else {
  runDriver(args).catch((error) => { console.error(error); process.exit(2); });
}
