// The "reconnecting" banner every page shows while its SignalR connection is down.
let banner;

function element() {
  if (!banner) {
    banner = document.createElement('div');
    banner.id = 'reconnect-banner';
    banner.className = 'reconnect-banner';
    banner.setAttribute('role', 'status');
    banner.textContent = '正在重新连接…';
    banner.hidden = true;
    document.body.prepend(banner);
  }

  return banner;
}

export function showBanner() {
  element().hidden = false;
}

export function hideBanner() {
  element().hidden = true;
}
