import { afterEach, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { createServer, type Socket, type AddressInfo } from 'node:net';
import { createChannel, loadMonitorConfigTexts, monitorRedactor, nodeDown, type SendContext } from '../../src/monitor/index.ts';
import { httpExchange } from '../../src/zlm/http.ts';

const PASSWORD = 'smtpPassw0rd-very-secret';
const NODE_SECRET = 'nodeSecretForMailTest0123456789';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

function load(port: number, extra = '') {
  const text = `nodes:\n  - { name: zlm-1, api: "http://127.0.0.1:80", secret: "${NODE_SECRET}" }\nalerts:\n  channels:\n    - { name: mail, type: email, host: 127.0.0.1, port: ${port}, username: ops, password: "\${SMTP_PASSWORD}", from: "zlm-doctor <zd@example.test>", to: [ops@example.test, oncall@example.test]${extra} }\n`;
  const r = loadMonitorConfigTexts([{ file: '/cfg/zlm-doctor.yml', text }], { SMTP_PASSWORD: PASSWORD });
  expect(r.errors).toEqual([]);
  const ctx: SendContext = { lang: 'en', redactor: monitorRedactor(r.config), http: (u, o) => httpExchange(u, o), now: Date.now, sleep: async () => undefined };
  return { cfg: r.config.alerts.channels[0]!, ctx, secrets: r.config.secrets };
}

describe('email channel', () => {
  it('sends through SMTP with AUTH: subject = title, plain text body, every recipient, no secret', async () => {
    const got: { from: string; to: string[]; auth: { user?: string; pass?: string }; data: string }[] = [];
    let auth: { user?: string; pass?: string } = {};
    const srv = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth(a, _s, cb) {
        auth = { user: a.username ?? undefined, pass: a.password ?? undefined };
        cb(null, { user: a.username });
      },
      onData(stream, session, cb) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
        stream.on('end', () => {
          got.push({ from: session.envelope.mailFrom ? (session.envelope.mailFrom as { address: string }).address : '', to: session.envelope.rcptTo.map((x) => x.address), auth, data });
          cb();
        });
      },
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    closers.push(() => new Promise<void>((r) => srv.close(() => r())));
    const port = (srv.server.address() as AddressInfo).port;
    const { cfg, ctx, secrets } = load(port);
    expect(secrets).toContain(PASSWORD);
    const alert = nodeDown({ node: 'zlm-1', at: new Date('2024-06-01T08:00:00Z'), reason: 'secret_rejected', failures: 3, detail: { en: `api answered -100 for secret=${NODE_SECRET}`, zh: `api 返回 -100，secret=${NODE_SECRET}` } });
    const res = await createChannel(cfg).send({ alert, status: 'firing', at: new Date('2024-06-01T08:01:00Z') }, ctx);
    expect(res).toMatchObject({ ok: true, channel: 'mail', type: 'email', attempts: 1 });
    expect(got).toHaveLength(1);
    const m = got[0]!;
    expect(m.from).toBe('zd@example.test');
    expect(m.to).toEqual(['ops@example.test', 'oncall@example.test']);
    expect(m.auth).toEqual({ user: 'ops', pass: PASSWORD });
    expect(m.data).toMatch(/^Subject: \[FIRING\] zlm-1: node down\r?$/m);
    // the body may be quoted-printable: decode soft breaks and =XX
    const body = m.data.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    expect(body).toContain('zlm-1 is down: secret_rejected (3 failed probes in a row)');
    expect(body).toMatch(/api answered -100 for secret=‹secret sha256:[0-9a-f]{8}›|secret=\S*secret sha256/);
    expect(body).not.toContain(NODE_SECRET);
    expect(body).not.toContain(PASSWORD);
  });

  it('a server that accepts and never greets: the deadline holds and the error names the channel', async () => {
    const socks = new Set<Socket>();
    const srv = createServer((s) => {
      socks.add(s);
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    closers.push(() => new Promise<void>((r) => { for (const s of socks) s.destroy(); srv.close(() => r()); }));
    const { cfg, ctx } = load((srv.address() as AddressInfo).port, ', timeout: 700ms');
    const t0 = performance.now();
    const res = await createChannel(cfg).send({ alert: nodeDown({ node: 'zlm-1', at: new Date(), reason: 'api_unreachable', failures: 3 }), status: 'firing', at: new Date() }, ctx);
    expect(performance.now() - t0).toBeLessThan(1700);
    expect(res.ok).toBe(false);
    expect(res.error!.en).toMatch(/^channel "mail" \(email\): /);
  });
});
