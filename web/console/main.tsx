/**
 * The CS console: the fleet at a glance, reviews to decide (C4.4), releases and urgent patches with
 * a preview (C1.3, C5.1). Locally the CS key signs in; in AWS a Cognito user of the CS group, whose
 * identity-pool role signs the CS routes with SigV4 (IAM, as patchctl).
 */
import '../shared/styles.css';
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { type Api, createApi, type Signer } from '../shared/api.ts';
import { claimsOf, completeHostedSignIn, hostedSignOut, startHostedSignIn } from '../shared/cognito.ts';
import { type AppConfig, loadConfig } from '../shared/config.ts';
import { ErrorNote, Frame, Loading, useRoute } from '../shared/ui.tsx';
import { FleetPage } from './fleet-page.tsx';
import { ReleasePage } from './release-page.tsx';
import { ReviewsPage } from './reviews-page.tsx';

const NAV = [
  { href: '#/', label: 'Fleet' },
  { href: '#/reviews', label: 'Reviews' },
  { href: '#/releases', label: 'Releases' },
];
const SESSION = 'pp.console.session';

type Session = { kind: 'local'; key: string; user: string } | { kind: 'cognito'; idToken: string };

function LocalSignIn({ onSession }: { onSession: (s: Session) => void }) {
  const [key, setKey] = useState('');
  const [user, setUser] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!user.trim())
      return setError('Give your name or address: it is recorded as the actor of your decisions (C10.1).');
    const res = await fetch('/v1/cs/reviews?limit=1', {
      headers: { 'x-cs-key': key, 'x-cs-user': user.trim() },
    });
    if (!res.ok) return setError(`The key was refused (${res.status}).`);
    onSession({ kind: 'local', key, user: user.trim() });
  };
  return (
    <Frame title="CS console · Sign in" nav={[]} current="">
      <h1>Sign in to the CS console</h1>
      <p>
        This is the local system: the CS key of <code>npm start</code> signs you in (
        <code>patch-promise-local-cs-key</code> unless PATCH_LOCAL_CS_KEY says otherwise). In AWS, CS staff
        sign in with their Cognito account.
      </p>
      {error && (
        <div class="status bad" role="alert">
          {error}
        </div>
      )}
      <form onSubmit={submit}>
        <label for="user">Your name or address</label>
        <p class="hint" id="user-hint">
          Recorded as the actor of every decision you make.
        </p>
        <input
          id="user"
          autocomplete="username"
          aria-describedby="user-hint"
          value={user}
          onInput={(e) => setUser((e.target as HTMLInputElement).value)}
        />
        <label for="key">CS key</label>
        <input
          id="key"
          type="password"
          autocomplete="current-password"
          value={key}
          onInput={(e) => setKey((e.target as HTMLInputElement).value)}
        />
        <div class="actions">
          <button type="submit">Sign in</button>
        </div>
      </form>
    </Frame>
  );
}

function Pages({ api, who, onSignOut }: { api: Api; who: string; onSignOut: () => void }) {
  const route = useRoute();
  const [, section] = route.split('/');
  const current = `#/${section ?? ''}`;
  const page =
    section === 'reviews' ? (
      <ReviewsPage api={api} />
    ) : section === 'releases' ? (
      <ReleasePage api={api} who={who} />
    ) : (
      <FleetPage api={api} />
    );
  return (
    <Frame title="CS console" who={who} nav={NAV} current={current} onSignOut={onSignOut}>
      {page}
    </Frame>
  );
}

function App() {
  const [config, setConfig] = useState<AppConfig>();
  const [session, setSession] = useState<Session | null>(
    () => JSON.parse(sessionStorage.getItem(SESSION) ?? 'null') as Session | null,
  );
  const [signer, setSigner] = useState<Signer>();
  const [error, setError] = useState<unknown>();
  const keep = (s: Session | null) => {
    if (s) sessionStorage.setItem(SESSION, JSON.stringify(s));
    else sessionStorage.removeItem(SESSION);
    setSession(s);
  };
  useEffect(() => {
    loadConfig()
      .then(async (c) => {
        setConfig(c);
        if (c.mode === 'cognito') {
          const tokens = await completeHostedSignIn(c);
          if (tokens) keep({ kind: 'cognito', idToken: tokens.idToken });
        }
      })
      .catch(setError);
  }, []);
  useEffect(() => {
    if (!config || !session) return;
    if (session.kind === 'local') {
      setSigner(() => async () => ({ 'x-cs-key': session.key, 'x-cs-user': session.user }));
    } else if (config.mode === 'cognito') {
      import('../shared/aws-credentials.ts').then(
        (m) => setSigner(() => m.sigv4Signer(config, () => session.idToken)),
        setError,
      );
    }
  }, [config, session]);
  const api = useMemo(
    () => (config && signer ? createApi(config.apiUrl, signer, () => keep(null)) : undefined),
    [config, signer],
  );
  if (error)
    return (
      <Frame title="CS console" nav={[]} current="">
        <ErrorNote error={error} />
      </Frame>
    );
  if (!config) return <Loading what="the console" />;
  if (!session) {
    if (config.mode === 'local') return <LocalSignIn onSession={keep} />;
    return (
      <Frame title="CS console · Sign in" nav={[]} current="">
        <h1>Sign in to the CS console</h1>
        <p>For members of the Customer Success team only.</p>
        <button type="button" onClick={() => startHostedSignIn(config)}>
          Sign in
        </button>
      </Frame>
    );
  }
  if (!api) return <Loading what="your credentials" />;
  const who = session.kind === 'local' ? session.user : String(claimsOf(session.idToken).email ?? 'CS');
  const signOut = () => {
    keep(null);
    setSigner(undefined);
    if (config.mode === 'cognito') hostedSignOut(config);
  };
  return <Pages api={api} who={who} onSignOut={signOut} />;
}

const root = document.getElementById('app');
if (root) render(<App />, root);
