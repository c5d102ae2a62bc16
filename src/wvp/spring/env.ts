/**
 * Environment variables as Spring Boot's SystemEnvironmentPropertySource sees
 * them: MEDIA_IP → media.ip, MEDIA_HTTPPORT / MEDIA_HTTP_PORT → media.http-port,
 * and the direct lookup a `${NAME}` placeholder does.
 */
import { normSeg, splitPath } from './relaxed.ts';

export interface EnvIndex {
  /** name of the variable that overrides the property `path`, if any */
  forKey(path: string): string | undefined;
  /** name of the variable a `${name}` placeholder reads: exact, '.'/'-' → '_', then upper case */
  direct(name: string): string | undefined;
}

export function envIndex(env: NodeJS.ProcessEnv): EnvIndex {
  // relaxed: MEDIA_HTTP-PORT, MEDIA_HTTPPORT, media.http-port; legacy: MEDIA_HTTP_PORT
  const relaxed = new Map<string, string>();
  const legacy = new Map<string, string>();
  for (const name of Object.keys(env).sort()) {
    if (env[name] === undefined || !/^[A-Za-z0-9_.\-[\]]+$/.test(name)) continue;
    const segs = name.toLowerCase().split(/[_.]+/).filter(Boolean);
    if (!segs.length) continue;
    const k1 = segs.map(normSeg).join('.');
    if (!relaxed.has(k1)) relaxed.set(k1, name);
    const k2 = name.toLowerCase().split(/[_.\-]+/).filter(Boolean).join('.');
    if (!legacy.has(k2)) legacy.set(k2, name);
  }
  return {
    forKey(path) {
      const segs = splitPath(path);
      if (!segs.length) return undefined;
      const n = relaxed.get(segs.map(normSeg).join('.'));
      if (n) return n;
      return legacy.get(segs.join('.').toLowerCase().split(/[_.\-]+/).filter(Boolean).join('.'));
    },
    direct(name) {
      const variants = [name, name.replace(/\./g, '_'), name.replace(/-/g, '_'), name.replace(/[.-]/g, '_')];
      for (const v of [...variants, ...variants.map((x) => x.toUpperCase())]) if (env[v] !== undefined) return v;
      return undefined;
    },
  };
}
