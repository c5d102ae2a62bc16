/**
 * Keeping the repository small (the Oxidized lesson: a config-backup repository must not grow to hundreds of
 * GB). Every commit first writes loose objects (isomorphic-git); once PACK_AFTER of them have piled up they
 * are written into one packfile, each config text stored as a delta against the node's previous text (a
 * changed key costs about its line) and each tree as a delta against the previous one, up to MAX_DEPTH
 * deltas in a row, then the loose files are removed. The pack and its .idx (version 2) are what `git
 * index-pack` would write; git and isomorphic-git read them, `git fsck` checks them.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { replaceFileAtomic } from '../../io/atomic-write.ts';
import { applyDelta, deltaLines, deltaPrefixSuffix } from './delta.ts';
import type { StateLayout } from './paths.ts';
import type { TreeCache } from './repo.ts';

/** loose objects (about 4 per revision) that trigger a pack */
export const PACK_AFTER = 4000;
/** longest chain of deltas (git's default --depth is 50) */
export const MAX_DEPTH = 50;

const TYPES = { commit: 1, tree: 2, blob: 3 } as const;
type ObjType = keyof typeof TYPES;
const OFS_DELTA = 6;

interface Obj {
  oid: string;
  type: ObjType;
  data: Buffer;
}

function readLoose(dir: string, oid: string): Obj {
  const raw = inflateSync(readFileSync(join(dir, oid.slice(0, 2), oid.slice(2))));
  const sp = raw.indexOf(0x20);
  const nul = raw.indexOf(0);
  const type = raw.toString('latin1', 0, sp) as ObjType;
  if (!(type in TYPES)) throw new Error(`loose object ${oid}: unexpected type ${type}`);
  return { oid, type, data: raw.subarray(nul + 1) };
}

function looseOids(objects: string): string[] {
  const out: string[] = [];
  for (const d of readdirSync(objects)) {
    if (!/^[0-9a-f]{2}$/.test(d)) continue;
    for (const f of readdirSync(join(objects, d))) if (/^[0-9a-f]{38}$/.test(f)) out.push(d + f);
  }
  return out;
}

interface TreeEntry {
  name: string;
  oid: string;
}

function treeEntries(data: Buffer): TreeEntry[] {
  const out: TreeEntry[] = [];
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    const nul = data.indexOf(0, sp);
    out.push({ name: data.toString('utf8', sp + 1, nul), oid: data.toString('hex', nul + 1, nul + 21) });
    i = nul + 21;
  }
  return out;
}

function entryHeader(type: number, size: number): number[] {
  const out: number[] = [];
  let b = (type << 4) | (size & 0x0f);
  let n = Math.floor(size / 16);
  while (n > 0) {
    out.push(b | 0x80);
    b = n & 0x7f;
    n = Math.floor(n / 128);
  }
  out.push(b);
  return out;
}

function ofsBytes(distance: number): number[] {
  const out = [distance & 0x7f];
  let n = Math.floor(distance / 128);
  while (n > 0) {
    n -= 1;
    out.unshift(0x80 | (n & 0x7f));
    n = Math.floor(n / 128);
  }
  return out;
}

/**
 * The order objects go into the pack and the base each one is a delta of: commits oldest first, and for each
 * its trees and the config text it changed, after the previous ones of the same kind and node.
 */
function plan(objs: Map<string, Obj>, head: string | null): { order: string[]; base: Map<string, string> } {
  const commits: string[] = [];
  for (let c = head; c && objs.get(c)?.type === 'commit'; ) {
    commits.unshift(c);
    const m = /\nparent ([0-9a-f]{40})/.exec(objs.get(c)!.data.toString('latin1'));
    c = m ? m[1]! : null;
  }
  const order: string[] = [];
  const base = new Map<string, string>();
  const seen = new Set<string>();
  const depth = new Map<string, number>();
  const last = new Map<string, string>();
  const put = (oid: string, chain: string | undefined) => {
    if (seen.has(oid) || !objs.has(oid)) return;
    seen.add(oid);
    order.push(oid);
    if (chain === undefined) return;
    const prev = last.get(chain);
    if (prev && (depth.get(prev) ?? 0) < MAX_DEPTH) {
      base.set(oid, prev);
      depth.set(oid, (depth.get(prev) ?? 0) + 1);
    }
    last.set(chain, oid);
  };
  for (const c of commits) {
    const root = /^tree ([0-9a-f]{40})/.exec(objs.get(c)!.data.toString('latin1'))?.[1];
    const rootObj = root ? objs.get(root) : undefined;
    if (rootObj) {
      for (const e of treeEntries(rootObj.data)) {
        const sub = objs.get(e.oid);
        if (sub?.type === 'tree') {
          for (const f of treeEntries(sub.data)) if (objs.get(f.oid)?.type === 'blob') put(f.oid, `blob:${f.name}`);
          put(e.oid, `tree:${e.name}`);
        } else if (sub?.type === 'blob') put(e.oid, `blob:${e.name}`);
      }
      put(root!, 'tree:/');
    }
    put(c, undefined);
  }
  // anything else (left by an interrupted write): stored whole
  for (const oid of objs.keys()) put(oid, undefined);
  return { order, base };
}

/** Pack every loose object of the repository; returns the pack's name. */
export function packLoose(gitdir: string, head: string | null): string | undefined {
  const objects = join(gitdir, 'objects');
  const oids = looseOids(objects);
  if (oids.length === 0) return undefined;
  const objs = new Map(oids.map((o) => [o, readLoose(objects, o)]));
  const { order, base } = plan(objs, head);

  const chunks: Buffer[] = [];
  const header = Buffer.alloc(12);
  header.write('PACK', 0, 'latin1');
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(order.length, 8);
  chunks.push(header);
  let offset = 12;
  const at = new Map<string, number>();
  const crcs = new Map<string, number>();
  for (const oid of order) {
    const o = objs.get(oid)!;
    const b = base.get(oid);
    let entry: Buffer;
    if (b) {
      const bo = objs.get(b)!;
      const delta = o.type === 'blob' ? deltaLines(bo.data, o.data) : deltaPrefixSuffix(bo.data, o.data);
      // never write a delta that does not give the object back
      if (!applyDelta(bo.data, delta).equals(o.data)) throw new Error(`delta of ${oid} against ${b} does not round-trip`);
      entry = Buffer.concat([Buffer.from(entryHeader(OFS_DELTA, delta.length)), Buffer.from(ofsBytes(offset - at.get(b)!)), deflateSync(delta)]);
    } else {
      entry = Buffer.concat([Buffer.from(entryHeader(TYPES[o.type], o.data.length)), deflateSync(o.data)]);
    }
    at.set(oid, offset);
    crcs.set(oid, crc32(entry));
    chunks.push(entry);
    offset += entry.length;
  }
  const body = Buffer.concat(chunks);
  const packSum = createHash('sha1').update(body).digest();
  const pack = Buffer.concat([body, packSum]);

  const sorted = [...order].sort();
  const fan = Buffer.alloc(256 * 4);
  for (let i = 0, j = 0; i < 256; i++) {
    while (j < sorted.length && parseInt(sorted[j]!.slice(0, 2), 16) <= i) j++;
    fan.writeUInt32BE(j, i * 4);
  }
  const ids = Buffer.concat(sorted.map((o) => Buffer.from(o, 'hex')));
  const crc = Buffer.alloc(sorted.length * 4);
  const offs = Buffer.alloc(sorted.length * 4);
  sorted.forEach((o, i) => {
    crc.writeUInt32BE(crcs.get(o)! >>> 0, i * 4);
    offs.writeUInt32BE(at.get(o)!, i * 4);
  });
  const idxBody = Buffer.concat([Buffer.from([0xff, 0x74, 0x4f, 0x63, 0, 0, 0, 2]), fan, ids, crc, offs, packSum]);
  const idx = Buffer.concat([idxBody, createHash('sha1').update(idxBody).digest()]);

  const dir = join(objects, 'pack');
  mkdirSync(dir, { recursive: true });
  const name = `pack-${packSum.toString('hex')}`;
  // the pack first, its index last: a reader finds a pack through its .idx
  replaceFileAtomic(join(dir, `${name}.pack`), pack, { mode: 0o644 });
  replaceFileAtomic(join(dir, `${name}.idx`), idx, { mode: 0o644 });
  for (const o of oids) unlinkSync(join(objects, o.slice(0, 2), o.slice(2)));
  for (const d of new Set(oids.map((o) => o.slice(0, 2)))) {
    try {
      rmdirSync(join(objects, d));
    } catch {
      // not empty
    }
  }
  return name;
}

/** Pack when enough loose objects have piled up (called under the lock after each commit). */
export async function maybePack(l: StateLayout, t: TreeCache, threshold = PACK_AFTER): Promise<TreeCache> {
  if (t.loose < threshold) return t;
  packLoose(l.repo, t.commit);
  return { ...t, loose: 0 };
}
