import type { Rule } from '../types.ts';

/** http.forwarded_ip_header: a request header replaces the peer IP everywhere. */
export const rule: Rule = {
  meta: {
    id: 'forwarded-ip-header',
    severity: 'warning',
    category: 'security',
    fixable: false,
    title: { en: 'Client IP taken from a request header', zh: '客户端 IP 取自请求头' },
  },
  messages: {
    set: {
      message: {
        en: 'http.forwarded_ip_header={value}: the client IP is taken from this request header, which clients can forge',
        zh: 'http.forwarded_ip_header={value}：客户端 IP 取自该请求头，客户端可以伪造',
      },
      why: {
        en: 'ZLM replaces the peer address with the value of the "{value}" header for http.allow_ip_range and for the ip field of hooks. Any client that can reach ZLM directly (not only through your proxy) can send "{value}: 127.0.0.1" and pass the whitelist. The header must hold a single IP: a proxy chain list such as "1.2.3.4, 10.0.0.1" does not parse, so that client is refused.',
        zh: 'ZLM 会用 "{value}" 请求头的值代替对端地址，用于 http.allow_ip_range 检查和 hook 中的 ip 字段。任何能直接访问 ZLM（而不是只经过你的代理）的客户端都能发送 "{value}: 127.0.0.1" 绕过白名单。该请求头必须只含一个 IP：代理链形式的列表（如 "1.2.3.4, 10.0.0.1"）无法解析，这样的客户端会被拒绝。',
      },
      fix: {
        en: 'Leave it empty unless ZLM is reachable only through a reverse proxy that overwrites the header with a single client IP; then firewall direct access.',
        zh: '除非 ZLM 只能经由一个会用单个客户端 IP 覆盖该请求头的反向代理访问，否则留空；若确需使用，请用防火墙禁止直连。',
      },
    },
  },
  check(ctx) {
    const line = ctx.doc.entry('http.forwarded_ip_header');
    if (!line || !line.value) return;
    ctx.report({ messageId: 'set', key: 'http.forwarded_ip_header', line, data: { value: line.value } });
  },
};
