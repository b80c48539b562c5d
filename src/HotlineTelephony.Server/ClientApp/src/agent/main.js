import '../shared/base.css';
import './agent.css';
import { apiFetch, logout, requireUser } from '../shared/api.js';
import { connectHub, invokeChecked } from '../shared/hub.js';
import { clockTime, h, stateKey, stateNames, ticketCategories } from '../shared/format.js';

const $ = (id) => document.getElementById(id);

const user = await requireUser();
$('agent-id').textContent = user.agentId ?? '—';
$('user-name').textContent = user.userName ?? '';
$('logout').addEventListener('click', logout);
$('ticket-category').replaceChildren(...ticketCategories.map((category) => h('option', { value: category }, category)));

// The call on screen: set by an offer, kept after callEnded so the agent can still file its ticket.
let call = null;
let wrapUpUntil = null;

function showState(update) {
  const key = stateKey(update.state);
  const badge = $('agent-state');
  badge.dataset.state = key;
  wrapUpUntil = key === 'wrapUp' && update.wrapUpSecondsLeft != null ? Date.now() + update.wrapUpSecondsLeft * 1000 : null;
  badge.dataset.reason = update.reason ?? '';
  renderBadge();
  // The popped call follows the agent's state: ringing until answered, then talking.
  if (call && !call.ended && (key === 'offered' || key === 'onCall')) {
    $('pop-status').textContent = key === 'onCall' ? '通话中' : '振铃中';
    $('screen-pop').classList.toggle('ringing', key === 'offered');
  }
}

function renderBadge() {
  const badge = $('agent-state');
  const key = badge.dataset.state;
  let text = stateNames[key] ?? key;
  if (key === 'notReady' && badge.dataset.reason) text += `（${badge.dataset.reason}）`;
  if (wrapUpUntil) text += ` ${Math.max(0, Math.ceil((wrapUpUntil - Date.now()) / 1000))}秒`;
  badge.textContent = text;
}

setInterval(renderBadge, 1000);

function showOffer(offer) {
  call = { ...offer, ended: false };
  $('screen-pop').dataset.call = offer.callId;
  $('screen-pop').classList.add('ringing');
  $('no-call').hidden = true;
  $('call-details').hidden = false;
  $('pop-caller').textContent = offer.caller || '未知号码';
  $('pop-queue').textContent = offer.queue ?? '—';
  $('pop-call-id').textContent = offer.callId;
  $('pop-incident').textContent = offer.incidentReference || '—';
  $('pop-status').textContent = '振铃中';
  const earlier = offer.earlierCalls ?? [];
  $('pop-earlier').replaceChildren(...(earlier.length === 0
    ? [h('tr', {}, h('td', { colspan: 3, class: 'empty' }, '无历史来电'))]
    : earlier.map((c) => h('tr', {}, h('td', {}, clockTime(c.at)), h('td', {}, c.disposition ?? '—'), h('td', {}, c.agentId ?? '—')))));
  const tickets = offer.openTickets ?? [];
  $('pop-tickets').replaceChildren(...(tickets.length === 0
    ? [h('tr', {}, h('td', { colspan: 3, class: 'empty' }, '无未办结工单'))]
    : tickets.map((t) => h('tr', {}, h('td', {}, t.number), h('td', {}, t.category), h('td', {}, t.content)))));

  $('ticket-call-id').value = offer.callId;
  // The caller number is taken from the call on the server; the masked one is no use in the form.
  $('ticket-caller').value = '';
  $('ticket-caller').disabled = true;
  $('ticket-message').textContent = '';
}

function endCall({ callId }) {
  if (!call || call.callId !== callId) return;
  call.ended = true;
  $('screen-pop').classList.remove('ringing');
  $('pop-status').textContent = '通话已结束';
  refreshCallbacks();
}

function say(element, text, isError) {
  element.textContent = text;
  element.classList.toggle('error', isError);
  element.classList.toggle('ok', !isError);
}

let connection;

async function control(label, method, ...args) {
  try {
    await invokeChecked(connection, method, ...args);
    say($('control-message'), `${label}：成功`, false);
  } catch (error) {
    say($('control-message'), `${label}失败：${error.message}`, true);
  }
}

$('set-ready').addEventListener('click', () => control('就绪', 'SetReady'));
$('set-not-ready').addEventListener('click', () => control('未就绪', 'SetNotReady', $('not-ready-reason').value));
$('hold').addEventListener('click', () => control('保持', 'Hold'));
$('resume').addEventListener('click', () => control('恢复', 'Resume'));
$('hang-up').addEventListener('click', () => control('挂断', 'HangUp'));
$('three-way').addEventListener('click', () => {
  const number = $('directory').value;
  if (!number) {
    say($('control-message'), '请先从通讯录选择三方号码', true);
    return;
  }

  control('三方通话', 'ThreeWay', number);
});
for (const button of document.querySelectorAll('[data-line]')) {
  button.addEventListener('click', () => control(`转接 ${button.dataset.line}`, 'Emergency', button.dataset.line));
}

async function loadDirectory() {
  const entries = (await connection.invoke('GetDirectory')) ?? [];
  $('directory').replaceChildren(
    h('option', { value: '' }, entries.length ? '选择三方号码…' : '通讯录为空'),
    ...entries.map((e) => h('option', { value: e.number }, `${e.name}（${e.number}）`)));
}

async function refreshCallbacks() {
  if (!connection || connection.state !== 'Connected') return;
  const callbacks = (await connection.invoke('GetCallbacks')) ?? [];
  $('callback-rows').replaceChildren(...(callbacks.length === 0
    ? [h('tr', {}, h('td', { colspan: 4, class: 'empty' }, '暂无待回拨'))]
    : callbacks.map((c) => h('tr', { dataset: { task: c.taskId } },
      h('td', {}, c.caller), h('td', {}, c.queue), h('td', {}, clockTime(c.since)),
      h('td', {}, c.offeredTo
        ? h('span', { class: 'offered' }, `振铃中（${c.offeredTo}）`)
        : h('button', { class: 'btn primary', type: 'button', onclick: () => acceptCallback(c.taskId) }, '接受'))))));
}

// The task's queue offers it to this agent: the phone rings, and answering it dials the caller.
async function acceptCallback(taskId) {
  try {
    await invokeChecked(connection, 'AcceptCallback', taskId);
    say($('control-message'), '回拨已分配，请接听话机', false);
  } catch (error) {
    say($('control-message'), `接受回拨失败：${error.message}`, true);
  }

  await refreshCallbacks();
}

$('refresh-callbacks').addEventListener('click', refreshCallbacks);
// No push exists for the callback list; a slow poll keeps it roughly current between calls.
setInterval(() => refreshCallbacks().catch(() => {}), 15000);

$('ticket-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const content = $('ticket-content').value.trim();
  if (!content) {
    say($('ticket-message'), '请填写诉求内容', true);
    return;
  }

  const body = {
    callId: $('ticket-call-id').value || null,
    callerNumber: $('ticket-call-id').value ? null : ($('ticket-caller').value.trim() || null),
    category: $('ticket-category').value,
    content,
    location: $('ticket-location').value.trim() || null,
  };
  $('ticket-submit').disabled = true;
  try {
    const ticket = await apiFetch('/api/tickets', { method: 'POST', body });
    say($('ticket-message'), `工单已创建：${ticket.number}`, false);
    $('ticket-content').value = '';
    $('ticket-location').value = '';
  } catch (error) {
    say($('ticket-message'), `提交失败：${error.message}`, true);
  } finally {
    $('ticket-submit').disabled = false;
  }
});

// A manual ticket (no call on screen) needs the number typed in.
$('ticket-caller').disabled = false;

connection = connectHub('/hubs/agent', {
  handlers: { state: showState, offer: showOffer, callEnded: endCall },
  onConnected: async () => {
    await Promise.all([loadDirectory(), refreshCallbacks()]);
  },
});
