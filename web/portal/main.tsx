/** The customer portal: sign-in, then the pages (hash routes, so static hosting needs no rewrites). */
import '../shared/styles.css';
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { type Api, createApi } from '../shared/api.ts';
import { claimsOf, completeHostedSignIn, hostedSignOut, startHostedSignIn } from '../shared/cognito.ts';
import { type AppConfig, loadConfig } from '../shared/config.ts';
import { ErrorNote, Frame, Loading, useRoute } from '../shared/ui.tsx';
import { CalendarPage } from './calendar-page.tsx';
import { ChangePage } from './change-page.tsx';
import { HistoryPage, NoticePage } from './history-page.tsx';
import { HomePage } from './home-page.tsx';
import { ReportPage } from './report-page.tsx';

const TOKEN = 'pp.portal.token';
const NAV = [
  { href: '#/', label: 'Home' },
  { href: '#/history', label: 'History' },
  { href: '#/calendar', label: 'Calendar subscription' },
  { href: '#/report', label: 'Compliance report' },
];

function LocalSignIn({ onToken }: { onToken: (token: string) => void }) {
  const [customers, setCustomers] = useState<{ id: string; name: string }[]>();
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    fetch('/local/customers')
      .then((r) => r.json() as Promise<{ customers: { id: string; name: string }[] }>)
      .then((b) => {
        setCustomers(b.customers);
        setChosen(b.customers[0]?.id ?? '');
      }, setError);
  }, []);
  const submit = async (e: Event) => {
    e.preventDefault();
    const res = await fetch('/local/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerId: chosen }),
    });
    if (!res.ok) return setError(new Error(`sign-in refused (${res.status})`));
    onToken(((await res.json()) as { token: string }).token);
  };
  return (
    <Frame title="Patch portal · Sign in" nav={[]} current="">
      <h1>Sign in</h1>
      <p>
        This is the local system: sign in as any demo customer. In AWS this page is the Cognito sign-in of
        your organisation's user pool.
      </p>
      {error !== undefined && <ErrorNote error={error} />}
      {!customers && !error && <Loading what="customers" />}
      {customers && (
        <form onSubmit={submit}>
          <label for="customer">Customer</label>
          <select
            id="customer"
            value={chosen}
            onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}
          >
            {customers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.id})
              </option>
            ))}
          </select>
          <div class="actions">
            <button type="submit">Sign in</button>
          </div>
        </form>
      )}
    </Frame>
  );
}

function Pages({ api, who, onSignOut }: { api: Api; who: string; onSignOut: () => void }) {
  const route = useRoute();
  const [, section, id] = route.split('/');
  const current = `#/${section ?? ''}`;
  const page =
    section === 'changes' && id ? (
      <ChangePage api={api} changeId={decodeURIComponent(id)} />
    ) : section === 'history' ? (
      <HistoryPage api={api} />
    ) : section === 'notices' && id ? (
      <NoticePage api={api} noticeId={decodeURIComponent(id)} />
    ) : section === 'calendar' ? (
      <CalendarPage api={api} />
    ) : section === 'report' ? (
      <ReportPage api={api} />
    ) : (
      <HomePage api={api} />
    );
  return (
    <Frame title="Patch portal" who={who} nav={NAV} current={current} onSignOut={onSignOut}>
      {page}
    </Frame>
  );
}

function App() {
  const [config, setConfig] = useState<AppConfig>();
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN));
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    loadConfig()
      .then(async (c) => {
        setConfig(c);
        if (c.mode === 'cognito') {
          const tokens = await completeHostedSignIn(c);
          if (tokens) keep(tokens.idToken);
        }
      }, setError)
      .catch(setError);
  }, []);
  const keep = (t: string | null) => {
    if (t) sessionStorage.setItem(TOKEN, t);
    else sessionStorage.removeItem(TOKEN);
    setToken(t);
  };
  const api = useMemo(
    () =>
      config && token
        ? createApi(
            config.apiUrl,
            async () => ({ authorization: `Bearer ${token}` }),
            () => keep(null),
          )
        : undefined,
    [config, token],
  );
  if (error)
    return (
      <Frame title="Patch portal" nav={[]} current="">
        <ErrorNote error={error} />
      </Frame>
    );
  if (!config) return <Loading what="the portal" />;
  if (!token || !api) {
    if (config.mode === 'local') return <LocalSignIn onToken={keep} />;
    return (
      <Frame title="Patch portal · Sign in" nav={[]} current="">
        <h1>Sign in</h1>
        <p>Sign in with your organisation's account to see your servers and their changes.</p>
        <button type="button" onClick={() => startHostedSignIn(config)}>
          Sign in
        </button>
      </Frame>
    );
  }
  const claims = claimsOf(token);
  const who = `${String(claims.email ?? claims.sub ?? '')} · ${String(claims['custom:customer_id'] ?? '')}`;
  const signOut = () => {
    keep(null);
    if (config.mode === 'cognito') hostedSignOut(config);
  };
  return <Pages api={api} who={who} onSignOut={signOut} />;
}

const root = document.getElementById('app');
if (root) render(<App />, root);
