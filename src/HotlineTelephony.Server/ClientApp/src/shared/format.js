// Display helpers shared by the pages.

/** 0..1 or null → "95.0%" or "—". */
export function percent(rate) {
  return rate === null || rate === undefined || Number.isNaN(rate) ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** Seconds → "m:ss" (or "h:mm:ss"); null → "—". */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '—';
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

export function count(value) {
  return value === null || value === undefined ? '—' : String(value);
}

/** ISO time → local "HH:mm:ss" (today) or "MM-dd HH:mm". */
export function clockTime(iso) {
  if (!iso) return '—';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return String(iso);
  const pad = (n) => String(n).padStart(2, '0');
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  const now = new Date();
  return at.toDateString() === now.toDateString() ? time : `${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${time}`;
}

/** Caller-number masking as the server does it: 138****5678; shorter numbers keep the last 2 digits. */
export function maskNumber(number) {
  if (!number) return '';
  if (number.includes('*')) return number;
  if (number.length >= 8) return `${number.slice(0, 3)}****${number.slice(-4)}`;
  return number.length > 2 ? `${'*'.repeat(number.length - 2)}${number.slice(-2)}` : number;
}

/** Agent states as the server names them (enum name in any case, or its number) → one key. */
const stateKeys = ['loggedOut', 'ready', 'notReady', 'offered', 'onCall', 'wrapUp'];
const stateAliases = { loggedout: 'loggedOut', ready: 'ready', notready: 'notReady', offered: 'offered', ringing: 'offered', talking: 'onCall', oncall: 'onCall', wrapup: 'wrapUp' };

export function stateKey(state) {
  if (typeof state === 'number') return stateKeys[state] ?? 'loggedOut';
  return stateAliases[String(state ?? '').replace(/[-_\s]/g, '').toLowerCase()] ?? 'loggedOut';
}

export const stateNames = {
  loggedOut: '未签入',
  ready: '就绪',
  notReady: '未就绪',
  offered: '振铃',
  onCall: '通话中',
  wrapUp: '话后处理',
};

export const emergencyLines = {
  110: '公安 110',
  119: '消防 119',
  120: '急救 120',
  122: '交警 122',
};

export const ticketCategories = ['咨询', '求助', '投诉', '举报', '建议', '纠错', '表扬', '紧急'];

/** Builds an element: h('td', {class: 'x', dataset: {figure: 'y'}}, 'text', child). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else element.setAttribute(name, value === true ? '' : value);
  }

  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }

  return element;
}
