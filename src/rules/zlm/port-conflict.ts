import type { Rule } from '../types.ts';
import { readValue } from '../../zlm/value.ts';
import { effective, LISTENER_KEYS } from '../../zlm/effective.ts';
import { lineFor } from '../util.ts';

/**
 * Two listeners on one port and transport: the second bind fails and any bind
 * failure aborts start-up ("Start server failed"). UDP and TCP may share.
 */
export const rule: Rule = {
  meta: {
    id: 'port-conflict',
    severity: 'error',
    category: 'ports',
    fixable: false,
    rootCauseWeight: 85,
    title: { en: 'Two listeners on the same port', zh: '两个监听使用同一端口' },
  },
  messages: {
    conflict: {
      message: {
        en: '{key} uses {proto} port {port}, which is also {others}',
        zh: '{key} 使用 {proto} 端口 {port}，与 {others} 相同',
      },
      why: {
        en: 'ZLM binds every non-zero listener at start-up; the second {proto} bind on {port} fails with "address already in use" and any bind failure aborts start-up ("Start server failed", exit code -1; under systemd/-d it restarts in a loop). {source}',
        zh: 'ZLM 启动时绑定所有非 0 的监听端口；第二次绑定 {proto} {port} 会因 "address already in use" 失败，而任何绑定失败都会中止启动（"Start server failed"，退出码 -1；在 systemd/-d 下会反复重启）。{source}',
      },
      fix: {
        en: 'Give {key} a free port (or 0 to turn that listener off). UDP and TCP listeners may share a number.',
        zh: '给 {key} 换一个空闲端口（或写 0 关闭该监听）。UDP 与 TCP 监听可以使用相同端口号。',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    const byPort = new Map<string, { key: string; source: 'file' | 'default' }[]>();
    for (const def of LISTENER_KEYS) {
      const eff = effective(doc, def.key);
      const port = Number(readValue('uint16', eff.raw).value);
      if (port === 0) continue;
      const protos = def.transport === 'both' ? ['tcp', 'udp'] : [def.transport!];
      for (const proto of protos) {
        const id = `${proto}/${port}`;
        const list = byPort.get(id) ?? [];
        list.push({ key: def.key, source: eff.source });
        byPort.set(id, list);
      }
    }
    for (const [id, list] of byPort) {
      if (list.length < 2) continue;
      const [proto, port] = id.split('/') as [string, string];
      for (const item of list) {
        const others = list.filter((o) => o.key !== item.key);
        const defaults = list.filter((o) => o.source === 'default').map((o) => o.key);
        ctx.report({
          messageId: 'conflict',
          // a clash with a compiled-in default only exists on builds that have that listener
          // (e.g. rtc.signalingSslPort=3001 since 2025-09): likely, not certain
          ...(defaults.length ? { severity: 'warning' as const, absent: true as const } : {}),
          key: item.key,
          line: lineFor(doc, item.key),
          data: {
            key: item.key,
            proto: proto.toUpperCase(),
            port,
            others: others.map((o) => o.key).join(', '),
            source: defaults.length
              ? {
                  en: `${defaults.join(', ')} is not set in the file, so its compiled-in default applies on every build that has that listener (the file may predate it).`,
                  zh: `文件中没有设置 ${defaults.join(', ')}，凡是包含该监听的版本都会使用其内置默认值（该文件可能早于该配置项）。`,
                }
              : '',
          },
        });
      }
    }
  },
};
