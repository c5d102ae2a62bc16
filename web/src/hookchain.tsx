/**
 * The hook chain drawn left to right: ZLM, then each lifecycle stage with its hooks (status and time by phase),
 * then WVP. Every URL is a value from a config and is rendered as text.
 */
import { useContext } from 'preact/hooks';
import type { HookChain, HookStep } from './api.ts';
import { translateOr } from './i18n.ts';
import { LangContext, ms, useT } from './util.ts';

export function HookChainView({ chain }: { chain: HookChain }) {
  const t = useT();
  const lang = useContext(LangContext);
  if (chain.enabled === false) return <p class="warn-box">{t('hooksDisabled')}</p>;
  const stages = chain.stages.filter((s) => s.hooks.length);
  return (
    <div class="hookchain" data-testid="hookchain">
      <div class="hc-end">ZLM</div>
      <div class="hc-arrow">→</div>
      <div class="hc-stages">
        {stages.map((s) => (
          <div key={s.stage} class="hc-stage">
            <div class="hc-stage-name">{translateOr(lang, 'stage', s.stage)}</div>
            {s.hooks
              .filter((h) => h.status !== 'not_configured')
              .map((h) => (
                <Hook key={h.key} h={h} />
              ))}
            {s.hooks.some((h) => h.status === 'not_configured') && (
              <div class="hc-none muted" title={t('notConfigured')}>
                {t('notConfigured')}: {s.hooks.filter((h) => h.status === 'not_configured').map((h) => h.key.replace(/^hook\./, '')).join(', ')}
              </div>
            )}
          </div>
        ))}
        {!stages.length && <p class="muted">{t('hooksUnknown')}</p>}
      </div>
      <div class="hc-arrow">→</div>
      <div class="hc-end">WVP</div>
      {chain.keepaliveTimer != null && (
        <p class="hc-foot muted">
          {t('keepaliveTimer')}: {chain.keepaliveTimer ? '✓' : '✗'}
        </p>
      )}
    </div>
  );
}

function Hook({ h }: { h: HookStep }) {
  const lang = useContext(LangContext);
  const p = h.phases;
  const phaseText = p
    ? (['dns', 'connect', 'tls', 'firstByte'] as const)
        .filter((k) => p[k] != null)
        .map((k) => `${translateOr(lang, 'phase', k)} ${ms(p[k])}`)
        .join(' · ')
    : '';
  const cls = h.status === 'ok' ? 'ok' : h.status === 'not_configured' ? 'none' : 'bad';
  return (
    <div class={`hc-hook hs-${cls}`} data-hook={h.key} data-status={h.status}>
      <div class="hc-hook-head">
        <span class="hc-key">{h.key}</span>
        <span class={`badge hs-${cls}`}>{translateOr(lang, 'hookStatus', h.status)}</span>
        {p && <span class="hc-ms">{ms(p.total)}</span>}
      </div>
      {h.url && <div class="hc-url mono">{h.url}</div>}
      {phaseText && <div class="hc-phases muted">{phaseText}</div>}
      {h.detail && <div class="hc-detail">{h.detail}</div>}
    </div>
  );
}
