/** The alert log (acknowledge), the silences (create, end) and the recent events; live through the stream. */
import { useContext, useEffect, useState } from 'preact/hooks';
import { api, enc, type Alert, type Alerts, type Event } from './api.ts';
import { translateOr } from './i18n.ts';
import { ago, LangContext, stamp, useLive, useT, useThrottled, useTick } from './util.ts';

export function AlertsPage() {
  const t = useT();
  const lang = useContext(LangContext);
  useTick(5000);
  const [alerts, setAlerts] = useState<Alerts | undefined>();
  const [events, setEvents] = useState<Event[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const load = () => {
    // summaries and details in the dashboard's language (the server keeps both)
    api<Alerts>(`/api/alerts?status=all&limit=500&lang=${lang}`)
      .then((a) => (setAlerts(a), setError(undefined)))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    api<{ items: Event[] }>('/api/events?limit=200')
      .then((e) => setEvents(e.items))
      .catch(() => undefined);
  };
  useEffect(load, [lang]);
  const reload = useThrottled(load, 1000);
  useLive((event) => {
    if (event === 'alert' || event === 'silence' || event === 'event') reload();
  });

  return (
    <section class="alerts-page">
      {error && <p class="error-box">{error}</p>}
      <article class="card">
        <h2>{t('alerts')}</h2>
        {alerts ? <AlertTable alerts={alerts.items} onChange={load} showNode /> : <p class="muted">{t('loading')}</p>}
      </article>
      <article class="card">
        <h2>{t('silences')}</h2>
        <SilenceForm onDone={load} />
        {alerts && !alerts.silences.length && <p class="muted">{t('noSilences')}</p>}
        {alerts && alerts.silences.length > 0 && (
          <table data-testid="silences">
            <thead>
              <tr>
                <th>{t('node')}</th>
                <th>{t('labels')}</th>
                <th>{t('ends')}</th>
                <th>{t('by')}</th>
                <th>{t('comment')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {alerts.silences.map((s) => (
                <tr key={s.id}>
                  <td class="mono">{s.node ?? '—'}</td>
                  <td>
                    {Object.entries(s.labels).map(([k, v]) => (
                      <span key={k} class="label">
                        {k}={v}
                      </span>
                    ))}
                  </td>
                  <td>{stamp(s.endsAt)}</td>
                  <td>{s.by ?? ''}</td>
                  <td>{s.comment ?? ''}</td>
                  <td>
                    <button onClick={() => void api(`/api/silences/${enc(s.id)}`, { method: 'DELETE' }).then(load, load)}>{t('endSilence')}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </article>
      <article class="card">
        <h2>{t('events')}</h2>
        {events && !events.length && <p class="muted">{t('noEvents')}</p>}
        {events && events.length > 0 && (
          <table class="events" data-testid="events">
            <thead>
              <tr>
                <th>{t('time')}</th>
                <th>{t('node')}</th>
                <th>{t('kind')}</th>
                <th>{t('message')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e, i) => (
                <tr key={i}>
                  <td>{stamp(e.at)}</td>
                  <td class="mono">
                    <a href={`#/node/${enc(e.node)}`}>{e.node}</a>
                  </td>
                  <td>{e.kind}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </article>
    </section>
  );
}

export function AlertTable({ alerts, onChange, showNode }: { alerts: Alert[]; onChange: () => void; showNode: boolean }) {
  const t = useT();
  const lang = useContext(LangContext);
  const [busy, setBusy] = useState<string | undefined>();
  if (!alerts.length) return <p class="muted">{t('noAlerts')}</p>;
  const ack = (id: string) => {
    setBusy(id);
    api(`/api/alerts/${enc(id)}/ack`, { method: 'POST', body: { by: 'dashboard' } })
      .then(onChange, onChange)
      .finally(() => setBusy(undefined));
  };
  return (
    <table class="alerts" data-testid="alert-table">
      <thead>
        <tr>
          <th>{t('status')}</th>
          <th>{t('severity')}</th>
          {showNode && <th>{t('node')}</th>}
          <th>{t('rule')}</th>
          <th>{t('summary')}</th>
          <th>{t('opened')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {alerts.map((a) => (
          <tr key={a.id} class={`alert-${a.status}`} data-alert={a.id} data-node={a.node}>
            <td>
              <span class={`badge ${a.status === 'open' ? 'sev-error' : 'ok'}`}>{translateOr(lang, 'alertStatus', a.status)}</span>
            </td>
            <td>{translateOr(lang, 'severity', a.severity)}</td>
            {showNode && (
              <td class="mono">
                <a href={`#/node/${enc(a.node)}`}>{a.node}</a>
              </td>
            )}
            <td class="mono">{a.rule}</td>
            <td>
              {a.summary}
              {a.details.length > 0 && <div class="muted">{a.details.join(' · ')}</div>}
            </td>
            <td title={stamp(a.openedAt)}>{ago(t, a.openedAt)}</td>
            <td>
              {a.acknowledged ? (
                <span class="muted">{t('acknowledged', { when: ago(t, a.acknowledged.at) })}</span>
              ) : a.status === 'open' ? (
                <button disabled={busy === a.id} onClick={() => ack(a.id)} data-testid="ack">
                  {t('acknowledge')}
                </button>
              ) : null}
              {a.silencedBy && <span class="badge"> {t('silenced')}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SilenceForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const [node, setNode] = useState('');
  const [labels, setLabels] = useState('');
  const [duration, setDuration] = useState('1h');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const l: Record<string, string> = {};
    for (const part of labels.split(',').map((x) => x.trim()).filter(Boolean)) {
      const m = /^([^:=]+)[:=](.*)$/.exec(part);
      if (m) l[m[1]!.trim()] = m[2]!.trim();
    }
    const body: Record<string, unknown> = { duration: duration.trim(), by: 'dashboard' };
    if (node.trim()) body.node = node.trim();
    if (Object.keys(l).length) body.labels = l;
    if (comment.trim()) body.comment = comment.trim();
    api('/api/silences', { method: 'POST', body })
      .then(() => {
        setError(undefined);
        setNode('');
        setLabels('');
        setComment('');
        onDone();
      })
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  const input = (value: string, set: (v: string) => void, placeholder: string, testid: string) => <input value={value} placeholder={placeholder} onInput={(e) => set((e.currentTarget as HTMLInputElement).value)} data-testid={testid} />;
  return (
    <form class="silence-form" onSubmit={submit}>
      {input(node, setNode, t('silenceNode'), 'silence-node')}
      {input(labels, setLabels, t('silenceLabels'), 'silence-labels')}
      {input(duration, setDuration, t('duration'), 'silence-duration')}
      {input(comment, setComment, t('comment'), 'silence-comment')}
      <button type="submit" data-testid="silence-submit">
        {t('newSilence')}
      </button>
      {error && <span class="bad"> {error}</span>}
    </form>
  );
}
