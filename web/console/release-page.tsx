/**
 * Register a release or declare an urgent patch (C1, C1.3, C5.1): the form, a preview of the
 * changes it would plan (nothing written), then the confirmation through the CS release route.
 * Who validated it is the signed-in CS member, recorded by the service.
 */
import { useState } from 'preact/hooks';
import type { Api } from '../shared/api.ts';
import { ErrorNote, TableWrap } from '../shared/ui.tsx';
import type { Preview } from './types.ts';

type Form = {
  id: string;
  platform: string;
  version: string;
  class: string;
  title: string;
  description: string;
  targets: string;
};

const EMPTY: Form = {
  id: '',
  platform: '',
  version: '',
  class: 'important',
  title: '',
  description: '',
  targets: '',
};

export function ReleasePage({ api, who }: { api: Api; who: string }) {
  const [form, setForm] = useState<Form>(EMPTY);
  const [preview, setPreview] = useState<Preview>();
  const [result, setResult] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = (k: keyof Form) => (e: Event) => {
    setForm({ ...form, [k]: (e.target as HTMLInputElement).value });
    setPreview(undefined);
  };
  const body = () => {
    const targets = form.targets.trim();
    return {
      id: form.id.trim(),
      platform: form.platform.trim(),
      version: form.version.trim(),
      class: form.class,
      title: form.title.trim(),
      description: form.description.trim(),
      ...(form.class === 'urgent' && targets ? { targets: targets.split(/[\s,]+/).filter(Boolean) } : {}),
    };
  };
  const run = async (what: 'preview' | 'register') => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      if (what === 'preview')
        setPreview((await api.send<Preview>('POST', '/v1/cs/releases/preview', body())).body);
      else {
        const { body: out } = await api.send<{
          changes: number;
          newChanges: number;
          complete: boolean;
          remaining: number;
        }>('POST', '/v1/cs/releases', body());
        setResult(
          `Registered: ${out.newChanges} new change(s), ${out.changes} in all${out.complete ? '' : `; ${out.remaining} server(s) left: confirm again to plan the rest`}.`,
        );
        setPreview(undefined);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h1>Register a release or declare an urgent patch</h1>
      <p>
        Validated by: <strong>{who}</strong> (recorded with the time, C1.3). An urgent release is applied
        overnight on every server of its platform, or the servers you name (C5.1).
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run('preview');
        }}
      >
        <label for="rid">Release id</label>
        <input id="rid" value={form.id} onInput={set('id')} placeholder="vplat-7.3" />
        <label for="platform">Platform</label>
        <input id="platform" value={form.platform} onInput={set('platform')} />
        <label for="version">Version</label>
        <input id="version" value={form.version} onInput={set('version')} />
        <label for="class">Class</label>
        <select id="class" value={form.class} onChange={set('class')}>
          <option value="upgrade">Upgrade (C1.1)</option>
          <option value="important">Important patch (C1.2)</option>
          <option value="urgent">Urgent patch (C1.3)</option>
        </select>
        <label for="title">Title</label>
        <input id="title" value={form.title} onInput={set('title')} />
        <label for="description">Why (the customer reads it)</label>
        <textarea id="description" value={form.description} onInput={set('description')} />
        {form.class === 'urgent' && (
          <>
            <label for="targets">Servers (urgent only; empty: every server of the platform)</label>
            <input
              id="targets"
              value={form.targets}
              onInput={set('targets')}
              placeholder="mi-0123456789abcdef0, …"
            />
          </>
        )}
        <div class="actions">
          <button type="submit" class="secondary" disabled={busy}>
            Preview the changes
          </button>
        </div>
      </form>
      {error !== undefined && <ErrorNote error={error} />}
      {result && (
        <div class="status ok" role="status">
          {result}
        </div>
      )}
      {preview && (
        <section aria-labelledby="pv-h">
          <h2 id="pv-h">
            Preview: {preview.changes.length} change(s), {preview.skipped.length} server(s) skipped
          </h2>
          {preview.exists && (
            <p class="status warn">
              This release id is registered already: confirming plans only what is missing.
            </p>
          )}
          <TableWrap>
            <table>
              <caption>Changes it would plan (times in each customer's zone)</caption>
              <thead>
                <tr>
                  <th scope="col">Server</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Notice</th>
                  <th scope="col">Applied</th>
                </tr>
              </thead>
              <tbody>
                {preview.changes.map((c) => (
                  <tr key={c.serverId}>
                    <td>{c.serverId}</td>
                    <td>{c.customerId}</td>
                    <td>{c.noticeAtLocal}</td>
                    <td>{c.applyAtLocal}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {preview.skipped.length > 0 && (
            <ul>
              {preview.skipped.map((s) => (
                <li key={s.serverId}>
                  {s.serverId} ({s.customerId}): {s.reason}
                </li>
              ))}
            </ul>
          )}
          <div class="actions">
            <button type="button" disabled={busy} onClick={() => run('register')}>
              Confirm and register
            </button>
          </div>
        </section>
      )}
    </>
  );
}
