import '../shared/base.css';
import './dispatcher.css';
import { logout, requireUser } from '../shared/api.js';
import { connectHub } from '../shared/hub.js';
import { clockTime, emergencyLines, h } from '../shared/format.js';

const $ = (id) => document.getElementById(id);

const user = await requireUser();
$('user-name').textContent = user.userName ?? '';
$('logout').addEventListener('click', logout);

// Outcome names as the server may send them (enum name in any case) → what a dispatcher reads.
const outcomeNames = {
  pending: '振铃中',
  answered: '已接通',
  connected: '已接通',
  noanswer: '无人接听',
  busy: '忙',
  failed: '失败',
  rejected: '被拒绝',
  cancelled: '已取消',
  canceled: '已取消',
  callerhungup: '来电方挂断',
};

const transfers = new Map();

function onTransfer(transfer) {
  const known = transfers.get(transfer.transferId);
  transfers.set(transfer.transferId, { ...transfer, outcome: known?.outcome ?? 'pending', fresh: !known });
  render();
}

function onOutcome({ transferId, outcome }) {
  const known = transfers.get(transferId);
  // An outcome for a transfer this page never saw (it opened later): show what is known.
  transfers.set(transferId, { ...(known ?? { transferId }), outcome, fresh: false });
  render();
}

function outcomeText(outcome) {
  const key = String(outcome ?? '').replace(/[-_\s]/g, '').toLowerCase();
  return outcomeNames[key] ?? String(outcome);
}

function render() {
  const rows = [...transfers.values()].sort((a, b) => String(b.at ?? '').localeCompare(String(a.at ?? '')));
  $('transfer-count').textContent = String(rows.length);
  $('transfer-rows').replaceChildren(...(rows.length === 0
    ? [h('tr', {}, h('td', { colspan: 8, class: 'empty' }, '暂无紧急转接'))]
    : rows.map((t) => h('tr', { class: t.fresh ? 'fresh' : null, dataset: { transfer: t.transferId, outcome: String(t.outcome ?? '').toLowerCase() } },
      h('td', {}, clockTime(t.at)),
      h('td', { class: 'line' }, emergencyLines[t.line] ?? t.line ?? '—'),
      h('td', { class: 'caller' }, t.caller ?? '—'),
      h('td', {}, t.agentId ?? '—'),
      h('td', {}, t.ticketNumber ?? '—'),
      h('td', {}, t.callId ?? '—'),
      h('td', {}, t.recordUrl ? h('a', { href: t.recordUrl, target: '_blank', rel: 'noopener' }, '查看') : '—'),
      h('td', { class: 'outcome' }, outcomeText(t.outcome))))));
  for (const transfer of transfers.values()) transfer.fresh = false;
}

// The console has no list to fetch: transfers arrive only as pushes, and the rows already shown stay after a reconnect.
connectHub('/hubs/dispatcher', {
  handlers: { emergencyTransfer: onTransfer, transferOutcome: onOutcome },
});
