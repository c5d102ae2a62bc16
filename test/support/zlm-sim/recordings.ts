/**
 * The recordings the simulator is built from: test/fixtures/zlm-reference,
 * vendored from ../shared/zlm-reference (real MediaServer fdaec26 on loopback). Nothing here is invented: answers
 * that the recordings hold verbatim are replayed from them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REF_DIR = process.env.ZLM_REFERENCE_DIR ?? join(import.meta.dirname, '../../fixtures/zlm-reference');

export interface ApiRecording {
  request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body: string;
    client_source_ip: string;
    secret_mode: string;
  };
  response: {
    status_line: string;
    status: number;
    headers: [string, string][];
    body_raw: string;
    body_json: unknown;
  };
}

export interface HookRecording {
  hook: string;
  config_key: string;
  notes: string[];
  examples: {
    method: string;
    path: string;
    headers: [string, string][];
    body_raw: string;
    body_json: Record<string, unknown>;
  }[];
}

const cache = new Map<string, unknown>();

function load<T>(rel: string, parse: (t: string) => T): T {
  let v = cache.get(rel) as T | undefined;
  if (v === undefined) {
    v = parse(readFileSync(join(REF_DIR, rel), 'utf8'));
    cache.set(rel, v);
  }
  return v;
}

/** `api/<name>.json`, e.g. apiRecording('version.secret-ok'). */
export function apiRecording(name: string): ApiRecording {
  return load(`api/${name}.json`, (t) => JSON.parse(t) as ApiRecording);
}

export function hookRecording(hook: string): HookRecording {
  return load(`hooks/${hook}.json`, (t) => JSON.parse(t) as HookRecording);
}

export function refText(rel: string): string {
  return load(rel, (t) => t);
}

export function recordedHeader(rec: ApiRecording, name: string): string | undefined {
  return rec.response.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

/** `Server:` header and hook User-Agent of the recorded binary. */
export function serverName(): string {
  return recordedHeader(apiRecording('version.secret-ok'), 'Server')!;
}

/** The shipped default secret, replaced at start-up (config-behaviour.md). */
export const SHIPPED_SECRET = '035c73f7-bb6b-4889-a715-d9eb2d1925cc';

/** The loopback config of the main capture run. */
export function testConfigText(): string {
  return refText('config.test-loopback-example.ini');
}
