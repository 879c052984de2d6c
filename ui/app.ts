// The root: sign-in until a token is verified, then the shell with the screen for the URL.
import { useEffect } from 'preact/hooks';
import { html } from './html';
import { Shell } from './layout/shell';
import { matchPath, navigate, useLocation } from './lib/router';
import { useSession } from './lib/session';
import { Loading } from './components/notice';
import { NotFound } from './screens/not-found';
import { SignIn } from './screens/sign-in';
import { HOME, ROUTES } from './routes';

function resolve(path: string) {
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return undefined;
}

export function App() {
  const session = useSession();
  const location = useLocation();
  const found = resolve(location.path);
  // A screen for other roles is Not Found, as the API's 403/404 says: the URL reveals nothing more.
  const match = found && (!found.route.roles || (session.status === 'signed-in' && found.route.roles.includes(session.user.role))) ? found : undefined;

  useEffect(() => {
    if (location.path === '/' || location.path === '') navigate(HOME, { replace: true });
  }, [location.path]);
  useEffect(() => {
    document.title = session.status === 'signed-in' ? `${match?.route.title ?? 'Not Found'} · Agent Studio` : 'Sign In · Agent Studio';
  }, [session.status, match?.route.title]);

  if (session.status === 'checking') return html`<main class="signin" id="main"><${Loading} what="session" /></main>`;
  if (session.status === 'signed-out') return html`<${SignIn} notice=${session.notice} />`;

  const Screen = match?.route.screen;
  return html`<${Shell} user=${session.user} path=${location.path}>
    ${Screen
      ? html`<${Screen} key=${location.path} ...${match.params} query=${location.query} user=${session.user} />`
      : location.path !== '/' && html`<${NotFound} path=${location.path} />`}
  <//>`;
}
