/**
 * The fleet overview. The server filters, sorts, pages and counts (GET /api/nodes); this page asks for the pages
 * of 200 rows that the visible part of the list needs and renders only the visible rows (plus a few), so 1,000 or
 * 10,000 nodes cost the same. The live stream patches a row in place at once and re-asks for the visible pages
 * (and the counts) at most twice a second.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, enc, type Counts, type NodeList, type NodeSummary } from './api.ts';
import { ago, ms, useLive, useT, useThrottled, useTick } from './util.ts';
import { LangContext } from './util.ts';
import { translateOr } from './i18n.ts';
import { useContext } from 'preact/hooks';

const ROW_H = 34;
const PAGE = 200;
const OVERSCAN = 8;
const HEALTHS = ['up', 'degraded', 'down', 'unknown'] as const;
type SortKey = 'name' | 'health' | 'readiness' | 'lastProbe' | 'latency' | 'findings' | 'drift';

interface Query {
  q: string;
  health: string;
  readiness: string;
  label: string;
  sort: SortKey;
  order: 'asc' | 'desc';
}

function queryString(q: Query, offset: number): string {
  const p: string[] = [`offset=${offset}`, `limit=${PAGE}`, `sort=${q.sort}`, `order=${q.order}`];
  if (q.q.trim()) p.push(`q=${enc(q.q.trim())}`);
  if (q.health) p.push(`health=${enc(q.health)}`);
  if (q.readiness) p.push(`readiness=${enc(q.readiness)}`);
  for (const l of q.label.split(/[\s,]+/).filter((x) => /^[^:=]+[:=].+$/.test(x))) p.push(`label=${enc(l)}`);
  return p.join('&');
}

export function Overview() {
  const t = useT();
  const lang = useContext(LangContext);
  useTick(5000);
  const [query, setQuery] = useState<Query>({ q: '', health: '', readiness: '', label: '', sort: 'health', order: 'asc' });
  const [total, setTotal] = useState<number | undefined>();
  const [counts, setCounts] = useState<{ counts: Counts; fleet: Counts } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [, setVersion] = useState(0);
  const pages = useRef(new Map<number, NodeSummary[]>());
  const pending = useRef(new Set<number>());
  const generation = useRef(0);
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });

  const first = Math.max(0, Math.floor(view.top / ROW_H) - OVERSCAN);
  const last = Math.min((total ?? 0) - 1, Math.ceil((view.top + view.height) / ROW_H) + OVERSCAN);
  const neededPages = (): number[] => {
    const out: number[] = [];
    const hi = Math.max(first, last);
    for (let p = Math.floor(first / PAGE); p <= Math.floor(hi / PAGE); p++) out.push(p);
    return out;
  };

  const fetchPage = (page: number, replace: boolean) => {
    if (pending.current.has(page)) return;
    pending.current.add(page);
    const gen = generation.current;
    api<NodeList>(`/api/nodes?${queryString(query, page * PAGE)}`)
      .then((r) => {
        if (gen !== generation.current) return;
        if (replace) pages.current.clear();
        pages.current.set(page, r.items);
        setTotal(r.total);
        setCounts({ counts: r.counts, fleet: r.fleet });
        setError(undefined);
        setVersion((v) => v + 1);
      })
      .catch((e: unknown) => gen === generation.current && setError(e instanceof Error ? e.message : String(e)))
      .finally(() => pending.current.delete(page));
  };

  // a new query: start again from the top
  useEffect(() => {
    generation.current++;
    pending.current.clear();
    pages.current.clear();
    if (scroller.current) scroller.current.scrollTop = 0;
    setView((v) => ({ ...v, top: 0 }));
    fetchPage(0, true);
  }, [query]);

  // pages the visible rows need
  useEffect(() => {
    if (total === undefined) return;
    for (const p of neededPages()) if (!pages.current.has(p)) fetchPage(p, false);
  }, [first, last, total]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const refresh = useThrottled(() => {
    const visible = neededPages();
    generation.current++;
    pending.current.clear();
    const gen = generation.current;
    Promise.all(visible.map((p) => api<NodeList>(`/api/nodes?${queryString(query, p * PAGE)}`).then((r) => [p, r] as const)))
      .then((answers) => {
        if (gen !== generation.current) return;
        pages.current.clear();
        for (const [p, r] of answers) {
          pages.current.set(p, r.items);
          setTotal(r.total);
          setCounts({ counts: r.counts, fleet: r.fleet });
        }
        setVersion((v) => v + 1);
      })
      .catch(() => undefined);
  }, 500);

  // probe results patch their rows in batches (at 1,000 nodes, 100 a second arrive): one render per 200 ms
  const patches = useRef(new Map<string, NodeSummary>());
  const applyPatches = useThrottled(() => {
    if (!patches.current.size) return;
    for (const rows of pages.current.values())
      for (let i = 0; i < rows.length; i++) {
        const p = patches.current.get(rows[i]!.name);
        if (p) rows[i] = p;
      }
    patches.current.clear();
    setVersion((v) => v + 1);
  }, 200);
  useLive((event, data) => {
    if (event === 'probe') {
      const s = data as NodeSummary;
      patches.current.set(s.name, s);
      applyPatches();
      refresh();
    } else if (event === 'nodes' || event === 'alert' || event === 'hello') refresh();
  });

  const sortBy = (k: SortKey) => setQuery((q) => ({ ...q, sort: k, order: q.sort === k && q.order === 'asc' ? 'desc' : 'asc' }));
  const arrow = (k: SortKey) => (query.sort === k ? (query.order === 'asc' ? ' ▲' : ' ▼') : '');
  const fleet = counts?.fleet;
  const fleetTotal = fleet ? Object.values(fleet.health).reduce((a, b) => a + b, 0) : undefined;

  const rows: { index: number; node: NodeSummary | undefined }[] = [];
  if (total !== undefined) for (let i = first; i <= last; i++) rows.push({ index: i, node: pages.current.get(Math.floor(i / PAGE))?.[i % PAGE] });

  const header = (k: SortKey | undefined, label: string, cls: string) =>
    k ? (
      <button class={`cell ${cls} sortable`} onClick={() => sortBy(k)} data-sort={k}>
        {label}
        {arrow(k)}
      </button>
    ) : (
      <span class={`cell ${cls}`}>{label}</span>
    );

  return (
    <section class="overview">
      <div class="counts" data-testid="counts">
        <button class={`chip ${query.health === '' ? 'on' : ''}`} onClick={() => setQuery((q) => ({ ...q, health: '' }))}>
          {t('all')} <b>{fleetTotal ?? '…'}</b>
        </button>
        {HEALTHS.map((h) => (
          <button key={h} class={`chip health-${h} ${query.health === h ? 'on' : ''}`} data-testid={`count-${h}`} onClick={() => setQuery((q) => ({ ...q, health: q.health === h ? '' : h }))}>
            {translateOr(lang, 'health', h)} <b>{fleet?.health[h] ?? 0}</b>
          </button>
        ))}
      </div>
      <div class="filters">
        <input type="search" placeholder={t('filterName')} value={query.q} onInput={(e) => setQuery((q) => ({ ...q, q: (e.currentTarget as HTMLInputElement).value }))} data-testid="filter-name" />
        <input type="search" placeholder={t('filterLabel')} value={query.label} onInput={(e) => setQuery((q) => ({ ...q, label: (e.currentTarget as HTMLInputElement).value }))} data-testid="filter-label" />
        <label>
          {t('readiness')}{' '}
          <select value={query.readiness} onChange={(e) => setQuery((q) => ({ ...q, readiness: (e.currentTarget as HTMLSelectElement).value }))} data-testid="filter-readiness">
            <option value="">{t('all')}</option>
            {Object.entries(fleet?.readiness ?? {}).map(([r, n]) => (
              <option key={r} value={r}>
                {r} ({n})
              </option>
            ))}
          </select>
        </label>
        <span class="muted" data-testid="shown">
          {total !== undefined && fleetTotal !== undefined ? t('shown', { n: total, total: fleetTotal }) : ''}
        </span>
      </div>
      {error && <div class="error-box">{error}</div>}
      <div class="grid-head row">
        {header('name', t('name'), 'c-name')}
        {header('health', t('health'), 'c-health')}
        {header('readiness', t('readiness'), 'c-ready')}
        {header('lastProbe', t('lastProbe'), 'c-probe')}
        {header('latency', t('latency'), 'c-lat')}
        {header('findings', t('findings'), 'c-find')}
        {header('drift', t('drift'), 'c-drift')}
        {header(undefined, t('openAlerts'), 'c-alerts')}
        {header(undefined, t('labels'), 'c-labels')}
      </div>
      <div class="scroller" ref={scroller} onScroll={(e) => setView({ top: (e.currentTarget as HTMLDivElement).scrollTop, height: (e.currentTarget as HTMLDivElement).clientHeight })} data-testid="node-list">
        <div class="spacer-rows" style={{ height: `${(total ?? 0) * ROW_H}px` }}>
          {rows.map(({ index, node }) => (node ? <Row key={node.name} node={node} top={index * ROW_H} /> : <div key={`p${index}`} class="row placeholder" style={{ top: `${index * ROW_H}px` }} />))}
        </div>
        {total === 0 && <p class="muted empty">{t('noNodes')}</p>}
      </div>
    </section>
  );
}

function Row({ node, top }: { node: NodeSummary; top: number }) {
  const t = useT();
  const lang = useContext(LangContext);
  const f = node.findings;
  return (
    <a class={`row node-row health-${node.health}`} style={{ top: `${top}px` }} href={`#/node/${enc(node.name)}`} data-node={node.name} data-health={node.health} data-testid="node-row">
      <span class="cell c-name">{node.name}</span>
      <span class="cell c-health">
        <span class={`badge health-${node.health}`}>{translateOr(lang, 'health', node.health)}</span>
      </span>
      <span class="cell c-ready">{node.readiness}</span>
      <span class="cell c-probe" title={node.lastProbe ? new Date(node.lastProbe).toISOString() : ''}>
        {ago(t, node.lastProbe)}
      </span>
      <span class="cell c-lat">{ms(node.latencyMs)}</span>
      <span class="cell c-find">
        {f ? (
          <>
            {f.error > 0 && <span class="badge sev-error">{f.error}</span>}
            {f.warning > 0 && <span class="badge sev-warning">{f.warning}</span>}
            {f.info > 0 && <span class="badge sev-info">{f.info}</span>}
            {f.error + f.warning + f.info === 0 && <span class="muted">0</span>}
          </>
        ) : (
          '—'
        )}
      </span>
      <span class="cell c-drift">{node.drift == null ? '—' : node.drift > 0 ? <span class="badge drift">{t('drift')} {node.drift}</span> : <span class="muted">0</span>}</span>
      <span class="cell c-alerts">{node.openAlerts > 0 ? <span class="badge sev-error">{node.openAlerts}</span> : ''}</span>
      <span class="cell c-labels">
        {Object.entries(node.labels).map(([k, v]) => (
          <span key={k} class="label">
            {k}={v}
          </span>
        ))}
      </span>
    </a>
  );
}
