// HTTP calls from the pages. A 401 anywhere means the sign-in cookie is gone: go to /login and come back here after.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function goToLogin() {
  const here = location.pathname + location.search;
  location.assign(`/login?returnUrl=${encodeURIComponent(here)}`);
}

/** Sends a JSON request with the cookie; returns the parsed body (or null), throws ApiError with the server's reason. */
export async function apiFetch(path, { method = 'GET', body, redirectOn401 = true } = {}) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

  if (response.status === 401 && redirectOn401) {
    goToLogin();
    throw new ApiError(401, '登录已失效，正在转到登录页');
  }

  const text = await response.text();
  const data = text ? tryParse(text) : null;
  if (!response.ok) {
    throw new ApiError(response.status, reasonOf(data) ?? `${response.status} ${response.statusText}`);
  }

  return data;
}

/** The signed-in user ({userName, roles, agentId}); redirects to /login when there is none. */
export async function requireUser() {
  return apiFetch('/api/auth/me');
}

/** True when the server answers that nobody is signed in; false when it is signed in or cannot be reached. */
export async function isSignedOut() {
  try {
    const response = await fetch('/api/auth/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    return response.status === 401;
  } catch {
    return false;
  }
}

export async function logout() {
  try {
    await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' });
  } finally {
    location.assign('/login');
  }
}

function tryParse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// ProblemDetails (title/detail/errors) or a plain {error} body, whichever the endpoint returned.
function reasonOf(data) {
  if (!data) return null;
  if (typeof data === 'string') return data;
  if (data.errors && typeof data.errors === 'object') {
    return Object.values(data.errors).flat().join('；');
  }

  return data.detail ?? data.error ?? data.title ?? null;
}
