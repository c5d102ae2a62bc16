/**
 * WVP-GB28181-pro's configuration as Spring Boot resolves it: application.yml
 * plus active profile overlays, ${VAR:default} placeholders resolved from the
 * environment, each value traceable to the file, line and column it came from.
 */
import type { TextEdit } from '../ini/document.ts';
import type { Localized } from '../i18n/index.ts';

export interface YamlLoc {
  /** display path of the yml file that defines the value */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type ValueSource = 'file' | 'env' | 'placeholder-default' | 'code-default' | 'missing';

export interface WvpValue {
  /** dotted path, e.g. media.hook-ip */
  path: string;
  /** the resolved string; undefined when missing or unresolvable */
  value: string | undefined;
  /** the text as written (before placeholder resolution) */
  raw?: string;
  /** where it is defined (the winning file: a profile overlay beats application.yml) */
  loc?: YamlLoc;
  source: ValueSource;
  /** placeholder names that could not be resolved (no default, not in the environment) */
  unresolved?: string[];
}

/** A WvpValue plus the environment variable it came from, when one did (the loader's view). */
export interface WvpValueEx extends WvpValue {
  /** name of the environment variable that set (or overrode) the value */
  envVar?: string;
}

/**
 * 2.6.x / 2.7.0 / 2.7.1: an empty media.hook-ip meant sip.ip; hooks had no context path before 2024-04.
 * 2.7.4+: media.hook-ip defaults to 127.0.0.1; port overrides (media.rtsp-port ...) ignored since 2025-11.
 */
export type WvpGeneration = '2.6' | '2.7.0-2.7.1' | '2.7.4+';

export interface WvpProblem {
  kind: 'missing-profile' | 'no-link-sections' | 'unresolved-placeholder';
  /** path or file concerned */
  subject: string;
  loc?: YamlLoc;
  detail: Localized;
}

export interface WvpConfig {
  /** application.yml first, then overlays in activation order */
  files: string[];
  /** file → text, for code frames */
  sources: Map<string, string>;
  profiles: string[];
  generation: WvpGeneration;
  /** why that generation was chosen (keys seen, or --wvp-version) */
  generationReason: string;
  /**
   * true when the generation comes from --wvp-version or from keys tied to one generation;
   * false when it is only assumed (then a generation-dependent default is no fact)
   */
  generationKnown: boolean;
  /** the link sections present in the merged files (server, sip, media) */
  blocks: ('server' | 'sip' | 'media')[];
  /**
   * an excerpt, not a whole application.yml: server: or media: is missing. A missing key
   * there is not an error, and no mismatch is built from a block that is not there.
   */
  excerpt: boolean;
  /** value of a dotted path after overlays and placeholders (kebab, camel and snake spellings are one key) */
  get(path: string): WvpValue;
  problems: WvpProblem[];
  /**
   * A lossless edit that sets the scalar at `path` in the file that defines it
   * (only the value's characters change); undefined when the key is not in any file.
   */
  editScalar(path: string, value: string): { file: string; edit: TextEdit } | undefined;
}
