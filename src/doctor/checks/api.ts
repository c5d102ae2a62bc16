import type { DoctorCheck } from '../types.ts';

export const check: DoctorCheck = {
  id: 'api',
  title: { en: 'HTTP API', zh: 'HTTP API' },
  async run(ctx) {
    const base = await ctx.facts.apiBase();
    if (!base) return { status: 'skip', message: { en: 'no API address (give --api http://host:port or --config)', zh: '没有 API 地址（用 --api http://host:port 或 --config 指定）' } };
    const r = await ctx.facts.live();
    if (!r) return { status: 'skip', message: 'no API client' };
    if (r.ok) {
      const n = Object.keys(r.data).length;
      return { status: 'ok', message: ctx.t({ en: '{base} answers getServerConfig ({n} keys, {ms} ms)', zh: '{base} 正常应答 getServerConfig（{n} 个键，{ms} 毫秒）' }, { base, n, ms: Math.round(r.ms) }) };
    }
    const e = r.error;
    const msg = `${base}: ${e.kind}${e.code !== undefined ? ` (code ${e.code}${e.msg ? ` "${e.msg}"` : ''})` : ''}${e.status ? ` HTTP ${e.status}` : ''}`;
    const explain = ctx.t(e.explain);
    const wvp = await ctx.facts.wvp();
    const D: Record<string, { title: { en: string; zh: string }; keys: string[]; fix: { en: string; zh: string }; weight: number }> = {
      'ip-not-allowed': {
        title: { en: 'ZLM refuses API calls from this address: not in http.allow_ip_range', zh: 'ZLM 拒绝来自该地址的 API 调用：不在 http.allow_ip_range 中' },
        keys: ['http.allow_ip_range'],
        fix: { en: 'Add the caller (WVP) address as seen by ZLM to http.allow_ip_range (single IPs or start-end, no CIDR), then SIGHUP', zh: '把 ZLM 看到的调用方（WVP）地址加入 http.allow_ip_range（单个 IP 或 起-止，不支持 CIDR），然后 SIGHUP' },
        weight: 95,
      },
      auth: {
        title: { en: 'Wrong or missing API secret: ZLM answers -100', zh: 'API 密钥错误或缺失：ZLM 返回 -100' },
        keys: ['api.secret', ...(wvp?.ok ? ['media.secret'] : [])],
        fix: { en: 'Use the api.secret the running server holds (ZLM replaces the sample secret at start-up: look for "modified it to" in the log) on every caller, e.g. WVP media.secret', zh: '所有调用方（如 WVP media.secret）使用运行中 ZLM 的 api.secret（示例密钥会在启动时被替换：日志中查找 "modified it to"）' },
        weight: 95,
      },
      refused: {
        title: { en: 'ZLM HTTP API is not listening at {base}', zh: 'ZLM HTTP API 未在 {base} 监听' },
        keys: ['http.port'],
        fix: { en: 'Check that MediaServer runs and that http.port is a valid port (a bad value silently disables the HTTP server)', zh: '确认 MediaServer 在运行，且 http.port 是合法端口（非法值会静默关闭 HTTP 服务）' },
        weight: 84,
      },
      timeout: {
        title: { en: 'ZLM HTTP API at {base} does not answer in time', zh: 'ZLM HTTP API {base} 未及时应答' },
        keys: [],
        fix: { en: 'Check the server load (getThreadsLoad) and firewalls between here and ZLM', zh: '检查服务器负载（getThreadsLoad）以及与 ZLM 之间的防火墙' },
        weight: 70,
      },
    };
    const d = D[e.kind] ?? {
      title: { en: 'Something other than ZLM answers at {base}', zh: '{base} 上应答的不是 ZLM' },
      keys: ['http.port'],
      fix: { en: 'Check which process holds the port (see the listeners check)', zh: '检查是哪个进程占用了该端口（见监听检查）' },
      weight: 65,
    };
    return {
      status: 'fail',
      message: `${msg}: ${explain}`,
      diagnoses: [{ title: ctx.t(d.title, { base }), keys: d.keys, evidence: [msg, explain], fix: ctx.t(d.fix), weight: d.weight }],
    };
  },
};
