/**
 * Shape of ZLMediaKit's key catalogue. The data lives in catalogue.ts; this
 * file only says what a key is, so rules and the doctor can depend on it.
 */

/** What the value means to an operator. */
export type KeyType =
  | 'bool'
  | 'int'
  | 'uint'
  | 'float'
  | 'port'
  | 'ms'
  | 's'
  | 'path'
  | 'url'
  | 'ip'
  | 'iplist'
  | 'range'
  | 'enum'
  | 'template'
  | 'string';

/**
 * How ZLM converts the string (stringstream >> T, falling back to T() on failure).
 * `uint16` is every listener port; `string` is used as-is.
 */
export type Storage = 'bool' | 'int32' | 'uint32' | 'uint16' | 'uint64' | 'float' | 'string';

/** live: next use; new: streams/sessions created afterwards; start: needs a restart. */
export type ReloadClass = 'live' | 'new' | 'start';

export type Transport = 'tcp' | 'udp' | 'both';

export interface KeyDef {
  /** `section.key`, case-sensitive, exactly as ZLM stores it. */
  key: string;
  type: KeyType;
  storage: Storage;
  /** Value in the shipped conf/config.ini; undefined for code-only keys. */
  shipped?: string;
  /** Compiled-in default, only when it differs from `shipped` (or for code-only keys). */
  builtin?: string;
  /** Unit for numbers: 'ms', 's', 'KB', 'bytes', 'frames', ... */
  unit?: string;
  min?: number;
  max?: number;
  /** Allowed values for enums, as strings. */
  enumValues?: string[];
  reload: ReloadClass;
  /** For listener ports: which transport the socket uses. */
  transport?: Transport;
  /** Only registered by code, absent from the shipped file. */
  codeOnly?: boolean;
}

/** One-line description of a key, English and Chinese (key-docs.ts). */
export interface KeyDoc {
  en: string;
  zh: string;
}

export interface LegacyKeyDef {
  /** the old `section.key` */
  key: string;
  /** the key that replaced it, if any */
  replacedBy?: string;
  /** when it stopped being read, e.g. '2022-11-12' */
  since: string;
  note: { en: string; zh: string };
}
