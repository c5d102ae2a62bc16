/**
 * Recognising a file that is not a config.ini at all: WVP's application.yml, a
 * docker-compose file, a Kubernetes manifest or another YAML document given
 * where config.ini is expected. Read as mINI it would yield dozens of
 * malformed lines and echo its passwords, so the CLI refuses it with a hint
 * instead. Cheap: one pass over at most the first 2,000 lines.
 */

export type NotIniKind = 'wvp' | 'compose' | 'k8s' | 'yaml';

const SECTION = /^[ \t]*\[[^\]]*\][ \t]*$/;
const YAML_KEY = /^[ \t]*(?:-[ \t]+)?["']?[^\s"'=:#;[\]{}][^"'=:#;]*?["']?[ \t]*:(?:[ \t]|$)/;
const YAML_ITEM = /^[ \t]*-(?:[ \t]|$)/;
const DOC_MARK = /^(?:---|\.\.\.)(?:[ \t].*)?$/;
const INI_ENTRY = /^[^=:]*=/;
const WVP_TOP = new Set(['spring', 'server', 'sip', 'media', 'user-settings', 'logging', 'mybatis', 'sy', 'jt1078', 'jt808', 'ftp', 'version']);
const QUOTES = /["']/g;

/**
 * What kind of YAML document a file is, from its lines as a parsed IniDocument holds them (read once), or undefined
 * when it reads as a config.ini (or an excerpt of one).
 */
export function yamlKindOfLines(lines: readonly { raw: string }[]): NotIniKind | undefined {
  let yaml = 0;
  let ini = 0;
  const top = new Set<string>();
  for (let n = 0; n < 2000 && n < lines.length; n++) {
    const raw = lines[n]!.raw;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const t = line.trim();
    if (t === '' || t.startsWith('#') || t.startsWith(';')) continue;
    const kind = iniEntry(line, t) ? 'ini' : lineKind(line);
    if (kind === 'ini') ini++;
    else if (kind !== undefined) {
      yaml++;
      if (kind === 'yaml-key' && line.charCodeAt(0) !== 32 && line.charCodeAt(0) !== 9) top.add(t.slice(0, t.indexOf(':')).replace(QUOTES, '').trim());
    }
  }
  if (yaml < 3 || yaml <= 2 * ini) return undefined;
  if (top.has('services')) return 'compose';
  if (top.has('apiVersion') && top.has('kind')) return 'k8s';
  for (const k of top) if (WVP_TOP.has(k)) return 'wvp';
  return 'yaml';
}

/**
 * The common line of a config.ini, `key=value`, found without a regular expression (what lineKind says of it, at a
 * fraction of the cost): its first non-blank character is none of `[-.` (no section, document mark or list item), and
 * an `=` comes before any `:` (no YAML key can match, and INI_ENTRY does). `t` is the line trimmed, not empty.
 */
export function iniEntry(line: string, t: string): boolean {
  const c0 = t.charCodeAt(0);
  if (c0 === 0x5b || c0 === 0x2d || c0 === 0x2e) return false;
  const eq = line.indexOf('=');
  if (eq === -1) return false;
  const colon = line.indexOf(':');
  return colon === -1 || eq < colon;
}

/** How one significant line (not blank, not a comment; without its \r) reads: INI, YAML (a key), or neither. */
export function lineKind(line: string): 'ini' | 'yaml' | 'yaml-key' | undefined {
  if (SECTION.test(line)) return 'ini';
  if (DOC_MARK.test(line) || YAML_ITEM.test(line)) return 'yaml';
  if (YAML_KEY.test(line)) return 'yaml-key';
  if (INI_ENTRY.test(line)) return 'ini';
  return undefined;
}

/** Why the file is refused, with the option to use instead (en, zh). */
export function notIniReason(kind: NotIniKind): { en: string; zh: string } {
  switch (kind) {
    case 'wvp':
      return {
        en: "this looks like WVP's application.yml, not a ZLMediaKit config.ini: use --wvp application.yml",
        zh: '这看起来是 WVP 的 application.yml，而不是 ZLMediaKit 的 config.ini：请用 --wvp application.yml',
      };
    case 'compose':
      return {
        en: 'this looks like a docker-compose file, not a ZLMediaKit config.ini: use --compose',
        zh: '这看起来是 docker-compose 文件，而不是 ZLMediaKit 的 config.ini：请用 --compose',
      };
    case 'k8s':
      return {
        en: 'this looks like a Kubernetes manifest, not a ZLMediaKit config.ini: give the config.ini it mounts',
        zh: '这看起来是 Kubernetes 清单，而不是 ZLMediaKit 的 config.ini：请指定它挂载的 config.ini',
      };
    default:
      return {
        en: 'this looks like a YAML document, not a ZLMediaKit config.ini (for WVP use --wvp application.yml, for compose --compose)',
        zh: '这看起来是 YAML 文档，而不是 ZLMediaKit 的 config.ini（WVP 配置请用 --wvp application.yml，compose 文件请用 --compose）',
      };
  }
}
