/**
 * One node: the diagnosis first, then the hook chain ZLM → WVP, the charts, the drift diff, the history with
 * attribution, the live config (redacted by the server) and the node's alerts. Live: a probe of this node, a
 * drift or an alert re-asks for what it changed. Every value from a config is rendered as text.
 */
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError, enc, type Blame, type Config, type DiffChange, type Drift, type Findings, type History, type NodeDetail, type Revision, type Series } from './api.ts';
import { translateOr } from './i18n.ts';
import { HookChainView } from './hookchain.tsx';
import { Chart } from './chart.tsx';
import { AlertTable } from './alerts.tsx';
import { ago, LangContext, ms, stamp, useLive, useT, useThrottled, useTick } from './util.ts';

interface Res<T> {
  data?: T;
  error?: ApiError | Error;
}

function useResource<T>(path: string, version: number): Res<T> {
  const [res, setRes] = useState<Res<T>>({});
  useEffect(() => {
    let gone = false;
    api<T>(path)
      .then((data) => !gone && setRes({ data }))
      .catch((error: unknown) => !gone && setRes((r) => ({ ...r, error: error instanceof Error ? error : new Error(String(error)) })));
    return () => {
      gone = true;
    };
  }, [path, version]);
  return res;
}

export function NodePage({ name }: { name: string }) {
  const t = useT();
  const lang = useContext(LangContext);
  useTick(5000);
  const base = `/api/nodes/${enc(name)}`;
  const [v, setV] = useState({ detail: 0, drift: 0, series: 0 });
  const detail = useResource<NodeDetail>(`${base}?lang=${lang}`, v.detail);
  const findings = useResource<Findings>(`${base}/findings?lang=${lang}`, v.drift);
  const drift = useResource<Drift>(`${base}/drift`, v.drift);
  const history = useResource<History>(`${base}/history`, v.drift);
  const config = useResource<Config>(`${base}/config`, v.drift);
  const blame = useResource<Blame>(`${base}/blame`, v.drift);
  const series = useResource<Series>(`${base}/series?resolution=raw`, v.series);
  const [probing, setProbing] = useState<string | undefined>();

  const reloadDetail = useThrottled(() => setV((x) => ({ ...x, detail: x.detail + 1, series: x.series + 1 })), 1000);
  const reloadDrift = useThrottled(() => setV((x) => ({ ...x, drift: x.drift + 1 })), 1000);
  useLive((event, data) => {
    const d = data as { name?: string; node?: string; kind?: string };
    if (event === 'probe' && d.name === name) {
      reloadDetail();
      // drift and findings come with a probe that read the config
      reloadDrift();
    } else if ((event === 'event' || event === 'alert') && d.node === name) {
      reloadDetail();
      reloadDrift();
    }
  });

  const probe = () => {
    setProbing(t('probing'));
    api(`${base}/probe`, { method: 'POST' })
      .then(() => {
        setProbing(undefined);
        setV((x) => ({ detail: x.detail + 1, drift: x.drift + 1, series: x.series + 1 }));
      })
      .catch((e: unknown) => setProbing(e instanceof ApiError && e.status === 409 ? t('probeBusy') : e instanceof Error ? e.message : String(e)));
  };

  if (detail.error instanceof ApiError && detail.error.status === 404)
    return (
      <section>
        <a href="#/">{t('back')}</a>
        <p class="error-box">
          {t('notFound')} <span class="mono">{name}</span>
        </p>
      </section>
    );
  const d = detail.data;
  const n = d?.node;

  return (
    <section class="node-page" data-testid="node-page">
      <div class="node-head">
        <a href="#/">{t('back')}</a>
        <h1 class="mono">{name}</h1>
        {n && (
          <>
            <span class={`badge big health-${n.health}`} data-testid="node-health">
              {translateOr(lang, 'health', n.health)}
            </span>
            <span class="muted">{n.readiness}</span>
            <span class="muted">
              {t('lastProbe')}: {ago(t, n.lastProbe)} · {ms(n.latencyMs)}
            </span>
            {Object.entries(n.labels).map(([k, val]) => (
              <span key={k} class="label">
                {k}={val}
              </span>
            ))}
          </>
        )}
        <span class="spacer" />
        <button onClick={probe} disabled={probing === t('probing')} data-testid="probe-now">
          {t('probeNow')}
        </button>
        {probing && <span class="muted">{probing}</span>}
      </div>
      {detail.error && !d && <p class="error-box">{detail.error.message}</p>}
      {!d && !detail.error && <p class="muted">{t('loading')}</p>}

      {d && (
        <article class="card diagnosis" data-testid="diagnosis">
          <h2>{t('diagnosis')}</h2>
          {d.report.diagnosis.length === 0 && <p class="ok-text">{t('noDiagnosis')}</p>}
          {d.report.diagnosis.map((x, i) => (
            <div key={i} class={`cause ${i === 0 ? 'root' : ''}`}>
              <h3>
                {x.title} {x.guess && <span class="badge sev-info">{t('guess')}</span>}
              </h3>
              {x.keys.length > 0 && (
                <p class="mono">
                  {x.keys.map((k) => (
                    <span key={k} class="key">
                      {k}
                    </span>
                  ))}
                </p>
              )}
              {x.evidence.length > 0 && (
                <>
                  <h4>{t('evidence')}</h4>
                  <ul>
                    {x.evidence.map((e, j) => (
                      <li key={j}>{e}</li>
                    ))}
                  </ul>
                </>
              )}
              {x.fix && (
                <p>
                  <b>{t('fix')}:</b> {x.fix}
                </p>
              )}
            </div>
          ))}
          {d.report.checks.length > 0 && (
            <details>
              <summary>
                {t('checks')} ({d.report.checks.length})
              </summary>
              <ul class="checks">
                {d.report.checks.map((c) => (
                  <li key={c.id} class={`check-${c.status}`}>
                    <span class="badge">{translateOr(lang, 'checkStatus', c.status)}</span> <span class="mono">{c.id}</span> {c.message}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <FindingsList findings={findings.data?.findings ?? d.report.findings} />
        </article>
      )}

      {d && (
        <article class="card">
          <h2>{t('hookChain')}</h2>
          <HookChainView chain={d.hooks} />
        </article>
      )}

      <article class="card">
        <h2>{t('charts')}</h2>
        <Charts series={series.data} />
      </article>

      <article class="card" data-testid="drift">
        <h2>{t('driftTitle')}</h2>
        <DriftView drift={drift.data} error={drift.error} />
      </article>

      <article class="card" data-testid="history">
        <h2>{t('history')}</h2>
        <HistoryView history={history.data} error={history.error} />
      </article>

      <article class="card" data-testid="config">
        <h2>{t('config')}</h2>
        <ConfigView config={config.data} error={config.error} blame={blame.data} />
      </article>

      {d && (
        <article class="card">
          <h2>{t('nodeAlerts')}</h2>
          <AlertTable alerts={d.alerts} onChange={() => setV((x) => ({ ...x, detail: x.detail + 1 }))} showNode={false} />
        </article>
      )}
    </section>
  );
}

type FindingRow = { ruleId: string; severity: string; key?: string; message: string; fix?: string };

function FindingsList({ findings }: { findings: FindingRow[] }) {
  const t = useT();
  if (!findings.length) return null;
  const main = findings.filter((f) => f.severity !== 'info');
  const info = findings.filter((f) => f.severity === 'info');
  return (
    <>
      <h3>
        {t('findings')} ({findings.length})
      </h3>
      <ul class="findings" data-testid="findings">
        {main.map((f, i) => (
          <FindingItem key={i} f={f} />
        ))}
      </ul>
      {info.length > 0 && (
        <details>
          <summary>{t('infoFindings', { n: info.length })}</summary>
          <ul class="findings">
            {info.map((f, i) => (
              <FindingItem key={i} f={f} />
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

function FindingItem({ f }: { f: FindingRow }) {
  const lang = useContext(LangContext);
  return (
    <li>
      <span class={`badge sev-${f.severity}`}>{translateOr(lang, 'severity', f.severity)}</span> <span class="mono">{f.ruleId}</span> {f.key && <span class="mono key">{f.key}</span>} {f.message}
      {f.fix && <div class="muted">{f.fix}</div>}
    </li>
  );
}

function Charts({ series }: { series: Series | undefined }) {
  const t = useT();
  const latency = useMemo(() => {
    const l = series?.latency ?? [];
    return { times: l.map((p) => p.t), values: [l.map((p) => p.avgMs), l.map((p) => p.maxMs)] };
  }, [series]);
  const load = useMemo(() => {
    const l = series?.load ?? [];
    return { times: l.map((p) => p.t), load: [l.map((p) => p.load), l.map((p) => p.delayMs)], streams: [l.map((p) => p.streams), l.map((p) => p.readers)] };
  }, [series]);
  if (!series) return <p class="muted">{t('loading')}</p>;
  if (!series.latency.length && !series.load.length) return <p class="muted">{t('noData')}</p>;
  return (
    <div class="charts">
      <Chart testid="chart-latency" title={t('chartLatency')} times={latency.times} values={latency.values} series={[{ label: t('avg'), color: '#2563eb' }, { label: t('max'), color: '#dc2626' }]} />
      <Chart testid="chart-load" title={t('chartLoad')} times={load.times} values={load.load} series={[{ label: t('load'), color: '#7c3aed' }, { label: t('delay'), color: '#ea580c' }]} />
      <Chart testid="chart-streams" title={t('chartStreams')} times={load.times} values={load.streams} series={[{ label: t('streams'), color: '#059669' }, { label: t('readers'), color: '#0891b2' }]} />
    </div>
  );
}

function DriftView({ drift, error }: { drift: Drift | undefined; error: Error | undefined }) {
  const t = useT();
  const lang = useContext(LangContext);
  if (error && !drift) return <p class="error-box">{error.message}</p>;
  if (!drift) return <p class="muted">{t('loading')}</p>;
  return (
    <>
      <p class="muted">
        {t('baseline')}: {drift.baseline.source ?? '—'} · {stamp(drift.baseline.at)}
      </p>
      {drift.lastChange && (
        <p class="attribution" data-testid="drift-attribution" data-actor={drift.lastChange.attribution}>
          {t('lastChangeBy', { who: translateOr(lang, 'actor', drift.lastChange.attribution), keys: drift.lastChange.keys.join(', ') })}
        </p>
      )}
      {drift.changes.length === 0 ? (
        <p class="ok-text">{drift.baseline.at == null ? t('noBaseline') : t('noDrift')}</p>
      ) : (
        <ChangesTable changes={drift.changes} testid="drift-table" />
      )}
    </>
  );
}

function HistoryView({ history, error }: { history: History | undefined; error: Error | undefined }) {
  const t = useT();
  const lang = useContext(LangContext);
  const [open, setOpen] = useState<string | undefined>();
  if (error && !history) return <p class="error-box">{error.message}</p>;
  if (!history) return <p class="muted">{t('loading')}</p>;
  if (!history.revisions.length) return <p class="muted">{t('noHistory')}</p>;
  return (
    <ol class="timeline">
      {history.revisions.map((r) => (
        <li key={r.rev} data-rev={r.rev} data-actor={r.attribution}>
          <span class={`actor actor-${r.attribution}`}>{translateOr(lang, 'actor', r.attribution)}</span>
          <span class="muted">{stamp(r.time)}</span> <span class="mono muted">{r.rev.slice(0, 8)}</span> <span class="muted">{r.source}</span>
          {r.reason && <span> — {r.reason}</span>}{' '}
          <button class="link" onClick={() => setOpen(open === r.rev ? undefined : r.rev)} data-testid="rev-toggle">
            {open === r.rev ? t('hideChanges') : t('showChanges')}
          </button>
          {open === r.rev && <RevisionView rev={r.rev} />}
          <div class="mono keys">
            {r.keys.slice(0, 12).map((k) => (
              <span key={k} class="key">
                {k}
              </span>
            ))}
            {r.keys.length > 12 && <span class="muted">{t('more', { n: r.keys.length - 12 })}</span>}
          </div>
        </li>
      ))}
    </ol>
  );
}

function ConfigView({ config, error, blame }: { config: Config | undefined; error: Error | undefined; blame: Blame | undefined }) {
  const t = useT();
  const lang = useContext(LangContext);
  const who = useMemo(() => new Map((blame?.keys ?? []).map((b) => [b.key, b])), [blame]);
  const [filter, setFilter] = useState('');
  if (error && !config) return <p class="error-box">{error.message}</p>;
  if (!config) return <p class="muted">{t('loading')}</p>;
  const sections = Object.entries(config.sections);
  if (!sections.length) return <p class="muted">{t('noConfig')}</p>;
  const f = filter.trim().toLowerCase();
  return (
    <>
      <p class="muted">
        {config.source ?? ''} · {stamp(config.at)}{' '}
        <input type="search" placeholder={t('filterKeys')} value={filter} onInput={(e) => setFilter((e.currentTarget as HTMLInputElement).value)} data-testid="config-filter" />
      </p>
      <div class="config-box">
      <table class="config">
        <tbody>
          {sections.map(([section, keys]) => {
            const rows = Object.entries(keys).filter(([k, val]) => !f || `${section}.${k}`.toLowerCase().includes(f) || val.toLowerCase().includes(f));
            if (!rows.length) return null;
            return [
              <tr key={`s-${section}`} class="section">
                <th colSpan={3}>[{section}]</th>
              </tr>,
              ...rows.map(([k, val]) => (
                <tr key={`${section}.${k}`} data-key={`${section}.${k}`}>
                  <td class="mono">{k}</td>
                  <td class="mono value">{val}</td>
                  <td class="blame">
                    {who.get(`${section}.${k}`) && (
                      <span class={`actor actor-${who.get(`${section}.${k}`)!.attribution}`} title={`${stamp(who.get(`${section}.${k}`)!.time)} ${who.get(`${section}.${k}`)!.rev.slice(0, 8)}`}>
                        {translateOr(lang, 'actor', who.get(`${section}.${k}`)!.attribution)}
                      </span>
                    )}
                  </td>
                </tr>
              )),
            ];
          })}
        </tbody>
      </table>
      </div>
    </>
  );
}

function RevisionView({ rev }: { rev: string }) {
  const t = useT();
  const r = useResource<Revision>(`/api/revisions/${enc(rev)}`, 0);
  if (r.error && !r.data) return <p class="error-box">{r.error.message}</p>;
  if (!r.data) return <p class="muted">{t('loading')}</p>;
  return r.data.changes.length ? <ChangesTable changes={r.data.changes} testid="revision-changes" /> : <p class="muted">{t('noChanges')}</p>;
}

function ChangesTable({ changes, testid }: { changes: DiffChange[]; testid: string }) {
  const t = useT();
  const lang = useContext(LangContext);
  return (
    <table class="diff" data-testid={testid}>
      <thead>
        <tr>
          <th>{t('key')}</th>
          <th>{t('change')}</th>
          <th>{t('before')}</th>
          <th>{t('after')}</th>
          <th>{t('reload')}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.key} class={c.risky ? 'risky' : ''} data-key={c.key}>
            <td class="mono">
              {c.key} {c.risky && <span class="badge sev-warning">{t('risky')}</span>}
            </td>
            <td>{translateOr(lang, 'kind', c.kind)}</td>
            <td class="mono del">{c.before ?? '—'}</td>
            <td class="mono add">{c.after ?? '—'}</td>
            <td>{translateOr(lang, 'reload', c.reload)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
