import '../shared/base.css';
import './backoffice.css';
import { apiFetch, logout, requireUser } from '../shared/api.js';
import { connectHub } from '../shared/hub.js';
import { clockTime, h, ticketCategories } from '../shared/format.js';

const $ = (id) => document.getElementById(id);

const user = await requireUser();
$('user-name').textContent = user.userName ?? '';
$('logout').addEventListener('click', logout);
$('filter-category').append(...ticketCategories.map((category) => h('option', { value: category }, category)));

function today() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

$('filter-date').value = today();

// Tickets by number, and the push events already applied: the outbox may deliver one twice (after a restart), and
// the list fetched after a reconnect may already hold what a push brings.
const tickets = new Map();
const seenEvents = new Set();
const fresh = new Set();
// Pushes that arrive while the list is being fetched wait here, so the fetched list cannot overwrite a newer push.
let pending = null;

function matchesFilters(ticket) {
  const date = $('filter-date').value;
  const category = $('filter-category').value;
  const status = $('filter-status').value.trim();
  return (!date || localDate(ticket.createdAt) === date)
    && (!category || ticket.category === category)
    && (!status || String(ticket.status ?? '') === status);
}

function localDate(iso) {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
}

function onTicketEvent(ticket) {
  if (pending) {
    pending.push(ticket);
    return;
  }

  apply(ticket);
  render();
}

function apply(ticket) {
  if (ticket.eventId != null) {
    if (seenEvents.has(ticket.eventId)) return;
    seenEvents.add(ticket.eventId);
  }

  const known = tickets.get(ticket.number);
  // An older snapshot (lower eventId) never replaces a newer one.
  if (known?.eventId != null && ticket.eventId != null && known.eventId > ticket.eventId) return;
  if (!matchesFilters(ticket)) return;
  if (!known) fresh.add(ticket.number);
  tickets.set(ticket.number, ticket);
}

async function reload() {
  pending = [];
  try {
    const query = new URLSearchParams();
    if ($('filter-date').value) query.set('date', $('filter-date').value);
    if ($('filter-category').value) query.set('category', $('filter-category').value);
    if ($('filter-status').value.trim()) query.set('status', $('filter-status').value.trim());
    const list = (await apiFetch(`/api/tickets?${query}`)) ?? [];
    tickets.clear();
    for (const ticket of list) {
      tickets.set(ticket.number, ticket);
      if (ticket.eventId != null) seenEvents.add(ticket.eventId);
    }

    $('list-message').textContent = '';
  } catch (error) {
    $('list-message').textContent = `工单列表加载失败：${error.message}`;
    $('list-message').classList.add('error');
  } finally {
    const waiting = pending;
    pending = null;
    for (const ticket of waiting) apply(ticket);
    render();
  }
}

function render() {
  const rows = [...tickets.values()].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)) || String(b.number).localeCompare(String(a.number)));
  $('ticket-count').textContent = String(rows.length);
  $('ticket-rows').replaceChildren(...(rows.length === 0
    ? [h('tr', {}, h('td', { colspan: 9, class: 'empty' }, '暂无工单'))]
    : rows.map((t) => h('tr', { class: fresh.has(t.number) ? 'fresh' : null, dataset: { number: t.number } },
      h('td', {}, t.number),
      h('td', {}, clockTime(t.createdAt)),
      h('td', { class: 'category', dataset: { category: t.category } }, t.category),
      h('td', {}, t.callerNumber ?? '—'),
      h('td', { class: 'content' }, t.content),
      h('td', {}, t.location ?? '—'),
      h('td', {}, t.agentId ?? '—'),
      h('td', {}, t.status ?? '—'),
      h('td', {}, t.recordingUrl ? h('a', { href: t.recordingUrl, target: '_blank', rel: 'noopener' }, '播放') : '—')))));
  fresh.clear();
}

$('filters').addEventListener('submit', (event) => {
  event.preventDefault();
  reload();
});

connectHub('/hubs/backoffice', {
  handlers: { ticketCreated: onTicketEvent, ticketUpdated: onTicketEvent },
  // Also the first load: the hub is connected before the list is fetched, so no ticket falls between the two.
  onConnected: reload,
});
