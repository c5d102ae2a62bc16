import type { Rule, Severity } from '../types.ts';
import { defaultOf, effNumber, LISTENER_KEYS } from '../../zlm/effective.ts';
import { unpublished, usesHostNetwork, zlmServiceFor, type Proto } from '../../deploy/index.ts';

/**
 * A compose mapping that forwards to a ZLM default port (80, 554, 1935,
 * 10000 …) while config.ini moved that listener elsewhere (http.port=800):
 * Docker forwards to a container port nobody listens on, and the listener's
 * real port is reachable only if it is published too.
 */
export const rule: Rule = {
  meta: {
    id: 'port-published-unused',
    severity: 'error',
    category: 'ports',
    fixable: false,
    title: { en: 'Published port where ZLM does not listen', zh: '发布的端口上 ZLM 并未监听' },
  },
  messages: {
    unused: {
      message: {
        en: '"{raw}" forwards to container port {port}/{proto}, but config.ini sets {key}={value}: nothing listens on {port}',
        zh: '"{raw}" 转发到容器端口 {port}/{proto}，但 config.ini 设置了 {key}={value}：{port} 上没有任何监听',
      },
      why: {
        en: '{port} is the default of {key}, so the mapping was written for it; ZLM listens on {value} instead. {reach}',
        zh: '{port} 是 {key} 的默认值，这条映射本是为它写的；而 ZLM 实际监听 {value}。{reach}',
      },
      fix: {
        en: 'Publish the port ZLM listens on ("{value}:{value}/{proto}"), or set {key}={port} in config.ini.',
        zh: '发布 ZLM 实际监听的端口（"{value}:{value}/{proto}"），或在 config.ini 中设置 {key}={port}。',
      },
    },
  },
  check(ctx) {
    const d = ctx.deploy;
    const svc = zlmServiceFor(d, ctx.file);
    if (!d || !svc || usesHostNetwork(svc)) return;
    const listening = LISTENER_KEYS.map((k) => ({ key: k.key, port: effNumber(ctx.doc, k.key), protos: (k.transport === 'both' ? ['tcp', 'udp'] : [k.transport]) as Proto[] }));
    for (const m of svc.ports) {
      if (m.containerPort !== m.containerPortEnd) continue;
      const port = m.containerPort;
      if (listening.some((l) => l.port === port && l.protos.includes(m.protocol))) continue;
      // whose default is this? only then do we know what the mapping was meant for
      const meant = listening.find((l) => Number(defaultOf(l.key)) === port && l.protos.includes(m.protocol) && l.port > 0 && l.port !== port);
      if (!meant) continue;
      const gaps = unpublished(d, svc, meant.port, meant.port, m.protocol);
      const hidden = gaps !== undefined && gaps.length > 0;
      const severity: Severity = hidden ? 'error' : 'info';
      const loc = m.loc ? { file: m.loc.file, line: m.loc.line, column: m.loc.column, endLine: m.loc.line, endColumn: m.loc.column + m.raw.length } : undefined;
      ctx.report({
        messageId: 'unused',
        severity,
        key: meant.key,
        ...(loc ? { loc } : {}),
        data: {
          raw: m.raw,
          port,
          proto: m.protocol,
          key: meant.key,
          value: meant.port,
          reach: { en: hidden ? `${meant.port}/${m.protocol} is not published either, so the listener cannot be reached from outside the container.` : `${meant.port}/${m.protocol} is published by another entry, so this one is only dead weight.`, zh: hidden ? `${meant.port}/${m.protocol} 也没有发布，容器外无法访问该监听。` : `${meant.port}/${m.protocol} 已由其他条目发布，这一条只是多余的。` },
        },
      });
    }
  },
};
