import './wallboard.css';
import { requireUser } from '../shared/api.js';
import { connectHub } from '../shared/hub.js';
import { clockTime, count, duration, h, percent, stateNames } from '../shared/format.js';
import { createAgentChart, createGauge, stateColors, stateOrder } from './charts.js';

const gauges = {
  answeredWithin15sRate: createGauge(document.getElementById('gauge-answer15')),
  connectionRateToday: createGauge(document.getElementById('gauge-connection-today')),
  connectionRate24h: createGauge(document.getElementById('gauge-connection-24h')),
  serviceLevel: createGauge(document.getElementById('gauge-service-level')),
};
const agentChart = createAgentChart(document.getElementById('agents-chart'));
window.addEventListener('resize', () => {
  for (const gauge of Object.values(gauges)) gauge.chart.resize();
  agentChart.chart.resize();
});

// Wrap-up countdowns tick here between pushes: the server sends secondsLeft only when something changes.
let wrapUps = [];

function setFigure(name, text) {
  for (const element of document.querySelectorAll(`[data-figure="${name}"]`)) {
    element.textContent = text;
  }
}

function render(figures) {
  const g = figures.global ?? {};
  setFigure('global.waiting', count(g.waiting));
  document.querySelector('.tile.alert').classList.toggle('active', (g.waiting ?? 0) > 0);
  setFigure('global.longestWait', duration(g.longestWaitSeconds));
  setFigure('global.offeredToday', count(g.offeredToday));
  setFigure('global.answeredToday', count(g.answeredToday));
  setFigure('global.abandonedToday', count(g.abandonedToday));
  setFigure('global.shortAbandonedToday', count(g.shortAbandonedToday));
  setFigure('global.asa', duration(g.asaSeconds));
  setFigure('global.aht', duration(g.ahtSeconds));
  setFigure('global.serviceLevelThreshold', count(g.serviceLevelThresholdSeconds ?? 15));
  for (const [name, gauge] of Object.entries(gauges)) {
    gauge.set(g[name]);
    setFigure(`global.${name}`, percent(g[name]));
  }

  setFigure('callbacksPending', count(figures.callbacksPending));
  setFigure('voiceMessagesPending', count(figures.voiceMessagesPending));
  setFigure('emergencyTransfersToday', count(figures.emergencyTransfersToday));
  setFigure('ticketsToday', count(figures.ticketsToday));
  setFigure('at', clockTime(figures.at));
  document.getElementById('figures-at').textContent = clockTime(figures.at);

  agentChart.set(figures.agents);
  document.getElementById('agent-counts').replaceChildren(...stateOrder.map((key) =>
    h('li', { style: `color:${stateColors[key]}` }, stateNames[key], h('b', { dataset: { figure: `agents.${key}` } }, count(figures.agents?.[key] ?? 0)))));

  const receivedAt = Date.now();
  wrapUps = (figures.wrapUps ?? []).map((w) => ({ agentId: w.agentId, until: receivedAt + (w.secondsLeft ?? 0) * 1000 }));
  renderWrapUps();

  const queues = figures.queues ?? [];
  document.getElementById('queue-rows').replaceChildren(...(queues.length === 0
    ? [h('tr', {}, h('td', { colspan: 12, class: 'none' }, '暂无队列'))]
    : queues.map(queueRow)));
}

function queueRow(q) {
  return h('tr', { dataset: { queue: q.queue } },
    h('td', {}, q.queue === '*' ? '全部' : (q.name ?? q.queue)),
    h('td', { class: `waiting${q.waiting > 0 ? ' active' : ''}`, dataset: { figure: 'waiting' } }, count(q.waiting)),
    h('td', {}, duration(q.longestWaitSeconds)),
    h('td', { dataset: { figure: 'offeredToday' } }, count(q.offeredToday)),
    h('td', { dataset: { figure: 'answeredToday' } }, count(q.answeredToday)),
    h('td', { dataset: { figure: 'abandonedToday' } }, count(q.abandonedToday)),
    h('td', {}, percent(q.answeredWithin15sRate)),
    h('td', {}, percent(q.connectionRateToday)),
    h('td', {}, percent(q.connectionRate24h)),
    h('td', {}, percent(q.serviceLevel)),
    h('td', {}, duration(q.asaSeconds)),
    h('td', {}, duration(q.ahtSeconds)));
}

function renderWrapUps() {
  const now = Date.now();
  const live = wrapUps.filter((w) => w.until > now);
  document.getElementById('wrapups').replaceChildren(...(live.length === 0
    ? [h('li', { class: 'none' }, '无')]
    : live.map((w) => h('li', { dataset: { agent: w.agentId } }, `座席 ${w.agentId}`, h('b', {}, `${Math.ceil((w.until - now) / 1000)} 秒`)))));
}

function tickClock() {
  document.getElementById('clock').textContent = clockTime(new Date().toISOString());
  renderWrapUps();
}

setInterval(tickClock, 1000);
tickClock();

await requireUser();
connectHub('/hubs/wallboard', {
  handlers: { figures: render },
  onConnected: async (connection) => render(await connection.invoke('GetFigures')),
});
