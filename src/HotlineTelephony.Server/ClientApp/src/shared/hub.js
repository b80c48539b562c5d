// One SignalR connection per page that never gives up: the built-in automatic reconnect stops after four tries, so
// the policy below always returns a delay. While it reconnects the page shows the banner; once back it re-fetches its
// state (pushes sent while it was away are lost). A 401 from the server means the sign-in is gone: go to /login.
import * as signalR from '@microsoft/signalr';
import { goToLogin, isSignedOut } from './api.js';
import { showBanner, hideBanner } from './banner.js';

const delays = [0, 1000, 2000, 3000, 5000];

export const retryForever = {
  nextRetryDelayInMilliseconds: (context) => delays[Math.min(context.previousRetryCount, delays.length - 1)],
};

/**
 * Connects to a hub and keeps it connected.
 * @param {string} url the hub path, e.g. '/hubs/wallboard'
 * @param {{handlers: Record<string, Function>, onConnected: (connection) => Promise<void>|void}} options
 *   handlers: server-to-client methods; onConnected: runs after the first connect and after every reconnect.
 */
export function connectHub(url, { handlers = {}, onConnected = () => {} } = {}) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(url)
    .withAutomaticReconnect(retryForever)
    .configureLogging(signalR.LogLevel.Warning)
    .build();

  for (const [name, handler] of Object.entries(handlers)) {
    connection.on(name, handler);
  }

  let watchingSignIn = false;
  const watchSignIn = async () => {
    if (watchingSignIn) return;
    watchingSignIn = true;
    try {
      while (connection.state !== signalR.HubConnectionState.Connected) {
        if (await isSignedOut()) {
          goToLogin();
          return;
        }

        await sleep(3000);
      }
    } finally {
      watchingSignIn = false;
    }
  };

  const connected = async () => {
    hideBanner();
    document.body.dataset.hub = 'connected';
    try {
      await onConnected(connection);
    } catch (error) {
      console.warn('Re-fetching the page state failed', error);
    }
  };

  connection.onreconnecting(() => {
    document.body.dataset.hub = 'reconnecting';
    showBanner();
    watchSignIn();
  });
  connection.onreconnected(connected);

  // Reached only when the server closed the connection for good (or a reconnect attempt threw): start over.
  connection.onclose(() => {
    document.body.dataset.hub = 'reconnecting';
    showBanner();
    startUntilConnected();
  });

  let attempt = 0;
  let starting = false;
  async function startUntilConnected() {
    if (starting) return;
    starting = true;
    try {
      await startLoop();
    } finally {
      starting = false;
    }
  }

  async function startLoop() {
    for (;;) {
      try {
        await connection.start();
        attempt = 0;
        await connected();
        return;
      } catch (error) {
        console.warn(`Connecting to ${url} failed`, error);
        if (connection.state !== signalR.HubConnectionState.Disconnected) return;
        if (await isSignedOut()) {
          goToLogin();
          return;
        }

        showBanner();
        document.body.dataset.hub = 'reconnecting';
        await sleep(delays[Math.min(attempt++, delays.length - 1)] || 500);
      }
    }
  }

  startUntilConnected();
  return connection;
}

/** Calls a hub method that answers {ok, error}; throws with the server's reason when ok is false. */
export async function invokeChecked(connection, method, ...args) {
  const result = await connection.invoke(method, ...args);
  if (result && result.ok === false) {
    throw new Error(result.error || `${method} 失败`);
  }

  return result;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
