/** The fleet at a glance: per customer, clauses held (the compliance report), servers behind and why, stopped servers, failed backups; alerts raised. */
import type { Api } from '../shared/api.ts';
import { Badge, ErrorNote, Loading, TableWrap, useLoad } from '../shared/ui.tsx';
import type { Fleet } from './types.ts';

const MARK = { held: 'held', 'not-held': 'NOT held', 'no-evidence': 'no evidence' } as const;

export function FleetPage({ api }: { api: Api }) {
  const { data, error } = useLoad(() => api.get<Fleet>('/v1/cs/fleet'), 'fleet');
  if (error) return <ErrorNote error={error} />;
  if (!data) return <Loading what="the fleet" />;
  const clauses = data.customers[0]?.clauses.map((c) => c.clause) ?? [];
  return (
    <>
      <h1>Fleet at a glance</h1>
      <p class="muted">
        Compliance from {data.from.slice(0, 10)} to {data.now.slice(0, 16).replace('T', ' ')} UTC.{' '}
        {data.pendingReviews > 0 ? (
          <a href="#/reviews">{data.pendingReviews} postponement request(s) wait for your review.</a>
        ) : (
          'No postponement request waits for review.'
        )}
      </p>
      <TableWrap>
        <table>
          <caption>Clauses per customer (C10.2)</caption>
          <thead>
            <tr>
              <th scope="col">Customer</th>
              {clauses.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.customers.map((cu) => (
              <tr key={cu.id}>
                <th scope="row">
                  {cu.name}{' '}
                  <span class="muted">
                    ({cu.servers} servers, {cu.timeZone})
                  </span>
                </th>
                {cu.clauses.map((c) => (
                  <td key={c.clause}>
                    <Badge kind={c.status}>{MARK[c.status]}</Badge>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {data.customers.map((cu) => (
        <section class="card" key={cu.id} aria-labelledby={`cu-${cu.id}`}>
          <h2 id={`cu-${cu.id}`}>{cu.name}</h2>
          {cu.needsAttention.length > 0 && (
            <div class="status bad">
              <strong>Needs attention (C6.3):</strong> {cu.needsAttention.join(', ')}
            </div>
          )}
          <h3>Servers behind the latest release ({cu.behind.length})</h3>
          {cu.behind.length === 0 ? (
            <p class="muted">Every server runs the latest release of its platform.</p>
          ) : (
            <ul>
              {cu.behind.map((b) => (
                <li key={b.serverId}>
                  {b.serverId}: {b.version} → {b.latest} ({b.releaseId}): {b.why}
                </li>
              ))}
            </ul>
          )}
          <h3>Failed backups ({cu.failedBackups.length})</h3>
          {cu.failedBackups.length === 0 ? (
            <p class="muted">None waiting for a retry.</p>
          ) : (
            <ul>
              {cu.failedBackups.map((b) => (
                <li key={b.id}>
                  {b.serverId} {b.image} ({b.kind}), {b.scheduledForLocal}, attempt {b.attempt}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
      <h2>Alerts raised</h2>
      {data.alerts.length === 0 ? (
        <p class="muted">No alert in the period.</p>
      ) : (
        <ul>
          {data.alerts.map((a) => (
            <li key={a.id}>
              {a.at.slice(0, 16).replace('T', ' ')} UTC {a.customerId ? `(${a.customerId})` : ''}{' '}
              {a.clause ? `${a.clause}: ` : ''}
              {a.reason}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
