/**
 * Secrets (api.secret, WVP media.secret, tokens) never appear in output.
 * Every rendered text passes through a Redactor that replaces each known
 * secret with a short, stable fingerprint, so two outputs can still be
 * compared ("the same secret on both sides") without revealing it.
 */
import type * as Crypto from 'node:crypto';

/** node:crypto costs several ms to load; most runs never hash anything. */
function crypto(): typeof Crypto {
  return process.getBuiltinModule('node:crypto') as typeof Crypto;
}

export function fingerprint(secret: string): string {
  return `‹secret sha256:${crypto().createHash('sha256').update(secret).digest('hex').slice(0, 8)}›`;
}

/** Shortest value we redact: shorter strings would blank out ordinary words and numbers. */
const MIN_SECRET_LENGTH = 4;

export class Redactor {
  private readonly secrets: string[] = [];

  add(secret: string | undefined): this {
    if (secret && secret.length >= MIN_SECRET_LENGTH && !this.secrets.includes(secret)) {
      this.secrets.push(secret);
      // longest first, so a secret containing another is replaced whole
      this.secrets.sort((a, b) => b.length - a.length);
    }
    return this;
  }

  merge(other: Redactor): this {
    for (const s of other.secrets) this.add(s);
    return this;
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) {
      if (out.includes(s)) out = out.split(s).join(fingerprint(s));
      // also the URL-encoded form, as it appears in query strings
      const enc = encodeURIComponent(s);
      if (enc !== s && out.includes(enc)) out = out.split(enc).join(fingerprint(s));
    }
    return out;
  }
}

/** 32 characters of [A-Za-z0-9], like the secrets ZLM generates itself. */
export function generateSecret(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  while (out.length < 32) {
    for (const b of crypto().randomBytes(48)) if (b < 248 && out.length < 32) out += alphabet[b % 62];
  }
  return out;
}

