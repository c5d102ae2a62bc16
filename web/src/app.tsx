/**
 * The dashboard's shell: /api/meta first (a token form when the API answers 401), the DEMO banner, the language
 * switch, the live-stream indicator and a hash router (#/, #/node/NAME, #/alerts).
 */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, live, setToken, type Meta } from './api.ts';
import { translate, type Lang } from './i18n.ts';
import { LangContext } from './util.ts';
import { Overview } from './overview.tsx';
import { NodePage } from './node.tsx';
import { AlertsPage } from './alerts.tsx';

const LANG_KEY = 'zlm-doctor.lang';

function storedLang(): Lang | undefined {
  try {
    const v = localStorage.getItem(LANG_KEY);
    return v === 'en' || v === 'zh' ? v : undefined;
  } catch {
    return undefined;
  }
}

type Route = { page: 'overview' } | { page: 'node'; name: string } | { page: 'alerts' };

function parseRoute(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const m = /^\/node\/(.+)$/.exec(h);
  if (m) {
    try {
      return { page: 'node', name: decodeURIComponent(m[1]!) };
    } catch {
      return { page: 'overview' };
    }
  }
  if (h === '/alerts') return { page: 'alerts' };
  return { page: 'overview' };
}

export function App() {
  const [lang, setLang] = useState<Lang>(storedLang() ?? (navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en'));
  const [meta, setMeta] = useState<Meta | undefined>();
  const [auth, setAuth] = useState<'ok' | 'needed' | 'wrong' | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [route, setRoute] = useState<Route>(parseRoute(location.hash));
  const [up, setUp] = useState(false);
  const t = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate(lang, k, v);

  const load = () => {
    setFailure(undefined);
    api<Meta>('/api/meta')
      .then((m) => {
        setMeta(m);
        setAuth('ok');
        if (!storedLang()) setLang(m.lang);
        live.start();
      })
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 401) setAuth((a) => (a === undefined ? 'needed' : 'wrong'));
        else setFailure(e instanceof Error ? e.message : String(e));
      });
  };
  useEffect(() => {
    load();
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onHash);
    const off = live.onState(setUp);
    const offStatus = live.on((event, data) => {
      if (event === 'status') setMeta((m) => (m ? { ...m, status: (data as { status: Meta['status'] }).status } : m));
    });
    return () => {
      removeEventListener('hashchange', onHash);
      off();
      offStatus();
      live.stop();
    };
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);

  const switchLang = (l: Lang) => {
    setLang(l);
    try {
      localStorage.setItem(LANG_KEY, l);
    } catch {
      // not kept
    }
  };

  return (
    <LangContext.Provider value={lang}>
      {meta?.demo && (
        <div class="demo-banner" role="status" data-testid="demo-banner">
          {t('demoBanner')}
        </div>
      )}
      <header class="top">
        <a class="brand" href="#/">
          {t('title')}
        </a>
        {auth === 'ok' && (
          <nav>
            <a href="#/" class={route.page !== 'alerts' ? 'active' : ''}>
              {t('overview')}
            </a>
            <a href="#/alerts" class={route.page === 'alerts' ? 'active' : ''} data-testid="nav-alerts">
              {t('alerts')}
            </a>
          </nav>
        )}
        <span class="spacer" />
        {auth === 'ok' && (
          <span class={`live ${up ? 'up' : 'down'}`} data-testid="live">
            {up ? t('live') : t('offline')}
          </span>
        )}
        {meta && <span class="version">v{meta.version}</span>}
        <label class="lang">
          <span class="sr">{t('language')}</span>
          <select data-testid="lang" value={lang} onChange={(e) => switchLang((e.currentTarget as HTMLSelectElement).value as Lang)}>
            <option value="en">English</option>
            <option value="zh">简体中文</option>
          </select>
        </label>
      </header>
      {meta?.status === 'monitor_isolated' && (
        <div class="isolated-banner" role="alert" data-testid="isolated-banner">
          {t('isolated')}
        </div>
      )}
      <main>
        {failure && (
          <div class="error-box">
            {t('error')}: {failure} <button onClick={load}>{t('retry')}</button>
          </div>
        )}
        {(auth === 'needed' || auth === 'wrong') && <TokenForm wrong={auth === 'wrong'} onToken={(tok) => (setToken(tok), load())} />}
        {auth === 'ok' && route.page === 'overview' && <Overview />}
        {auth === 'ok' && route.page === 'node' && <NodePage name={route.name} />}
        {auth === 'ok' && route.page === 'alerts' && <AlertsPage />}
        {auth === undefined && !failure && <p class="muted">{t('loading')}</p>}
      </main>
    </LangContext.Provider>
  );
}

function TokenForm({ wrong, onToken }: { wrong: boolean; onToken: (t: string) => void }) {
  const [value, setValue] = useState('');
  return (
    <LangContext.Consumer>
      {(lang) => (
        <form
          class="token-form"
          data-testid="token-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (value.trim()) onToken(value.trim());
          }}
        >
          <h2>{translate(lang, 'tokenTitle')}</h2>
          <p class="muted">{translate(lang, 'tokenHint')}</p>
          {wrong && <p class="bad">{translate(lang, 'tokenWrong')}</p>}
          <label>
            {translate(lang, 'token')}{' '}
            <input type="password" autocomplete="off" value={value} onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)} data-testid="token-input" />
          </label>{' '}
          <button type="submit">{translate(lang, 'tokenSubmit')}</button>
        </form>
      )}
    </LangContext.Consumer>
  );
}
