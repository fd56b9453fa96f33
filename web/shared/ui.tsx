/** Small shared pieces of both pages: the frame (skip link, header, navigation), notices, loading. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api.ts';

export type NavItem = { href: string; label: string };

export function Frame(props: {
  title: string;
  who?: string;
  nav: NavItem[];
  current: string;
  onSignOut?: () => void;
  children: ComponentChildren;
}) {
  useEffect(() => {
    document.title = props.title;
  }, [props.title]);
  return (
    <>
      <button type="button" class="skip" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header class="top">
        <div class="bar">
          <span class="name">{props.title.split(' · ')[0]}</span>
          {props.nav.length > 0 && (
            <nav aria-label="Main">
              <ul>
                {props.nav.map((n) => (
                  <li key={n.href}>
                    <a href={n.href} aria-current={props.current === n.href ? 'page' : undefined}>
                      {n.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {props.who && <span class="who">{props.who}</span>}
          {props.onSignOut && (
            <button type="button" class="secondary" onClick={props.onSignOut}>
              Sign out
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}

export function ErrorNote({ error }: { error: unknown }) {
  const text =
    error instanceof ApiError
      ? `${error.problem.title ?? 'Error'}: ${error.message}${error.problem.clause ? ` (${error.problem.clause})` : ''}`
      : String(error instanceof Error ? error.message : error);
  return (
    <div class="status bad" role="alert">
      {text}
    </div>
  );
}

export const Loading = ({ what }: { what: string }) => (
  <p class="muted" role="status">
    Loading {what}…
  </p>
);

/** Loads once per `key`; the result, the error, and a reload. */
export function useLoad<T>(
  load: () => Promise<T>,
  key: string,
): { data?: T; error?: unknown; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: unknown }>({});
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setState({});
    load().then(
      (data) => live && setState({ data }),
      (error: unknown) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
  }, [key, n]);
  return { ...state, reload: () => setN((x) => x + 1) };
}

/** The current hash route, e.g. `#/changes/abc` → `/changes/abc`. */
export function useRoute(): string {
  const read = () => location.hash.replace(/^#/, '') || '/';
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => {
      setRoute(read());
      window.scrollTo(0, 0);
    };
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export const Badge = ({ kind, children }: { kind: string; children: ComponentChildren }) => (
  <span class={`badge ${kind}`}>{children}</span>
);

/**
 * A table that scrolls sideways on a narrow screen: a named region that takes keyboard focus, so
 * the keyboard can scroll it too (axe-core: scrollable-region-focusable).
 */
export const TableWrap = ({ children }: { children: ComponentChildren }) => (
  // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1).
  <section class="table-wrap" tabIndex={0} aria-label="Table (scrolls sideways on a narrow screen)">
    {children}
  </section>
);
