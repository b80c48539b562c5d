import '../shared/base.css';
import './login.css';
import { ApiError, apiFetch } from '../shared/api.js';

const form = document.getElementById('login-form');
const message = document.getElementById('login-message');
const submit = document.getElementById('login-submit');

// Where each role starts when the sign-in was not sent here from a page.
const homeByRole = [
  ['supervisor', '/wallboard'],
  ['agent', '/agent'],
  ['backoffice', '/backoffice'],
  ['dispatcher', '/dispatcher'],
];

function destination(user) {
  const returnUrl = new URLSearchParams(location.search).get('returnUrl');
  // Only paths on this server: "//host" and "/\host" would leave it.
  if (returnUrl && returnUrl.startsWith('/') && !returnUrl.startsWith('//') && !returnUrl.startsWith('/\\') && !returnUrl.startsWith('/login')) {
    return returnUrl;
  }

  const roles = (user?.roles ?? []).map((role) => String(role).toLowerCase());
  return homeByRole.find(([role]) => roles.includes(role))?.[1] ?? '/wallboard';
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const userName = form.userName.value.trim();
  const password = form.password.value;
  if (!userName || !password) {
    showMessage('请输入用户名和密码', true);
    return;
  }

  submit.disabled = true;
  showMessage('正在登录…', false);
  try {
    const user = await apiFetch('/api/auth/login', { method: 'POST', body: { userName, password }, redirectOn401: false });
    location.assign(destination(user));
  } catch (error) {
    const wrong = error instanceof ApiError && (error.status === 401 || error.status === 400);
    showMessage(wrong ? '用户名或密码错误' : `登录失败：${error.message}`, true);
    submit.disabled = false;
  }
});

function showMessage(text, isError) {
  message.textContent = text;
  message.classList.toggle('error', isError);
}

form.userName.focus();
