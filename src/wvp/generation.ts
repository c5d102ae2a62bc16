/**
 * Which WVP generation an application.yml was written for, told from keys only
 * one generation reads (checked against WVP's source at each release tag).
 */
import type { WvpGeneration } from './types.ts';


/*
 * Generation heuristic (reference §1.1, §2.4, §6 item 9). A yml says little
 * about the jar that reads it, so only keys whose presence is tied to a code
 * generation count. Checked against MediaConfig / SipConfig / UserSetting and
 * the sample ymls at tags 2.6.3 … 2.6.9, 2.7.0, 2.7.1, v2.7.4-20250709,
 * v2.7.4-20260107 and HEAD:
 *
 *  2.7.4+ markers (read by no tag up to 2.7.1):
 *    media.wan_ip, media.type (ABL support), media.flv-port / flv-ssl-port /
 *    ws-flv-port / ws-flv-ssl-port (2.7.4 MediaConfig; dead again since
 *    2025-11-30, but a yml carrying them was written for 2.7.4),
 *    media.jtt-proxy-port, media.mp4-port / mp4-ssl-port (2.7.4 node columns),
 *    sip.monitor-ips (SipConfig.monitorIps, added 2025-01-02; `monitor-ip` is
 *    the same idea misspelt, never read before 2.7.4 either).
 *    NOT a marker: a top-level jt1078: section: all-application.yml of 2.6.9,
 *    2.7.0 and 2.7.1 already has it. sip.show-ip: also in 2.6.9.
 *  old markers (keys read only by 2.6.x code before 2.6.6, or the absence of
 *  media.id, which every version since ~2022 requires):
 *    no media.id while media: exists, media.stream-none-reader-delay-ms.
 *
 *  opts.version wins; then any 2.7.4+ marker → 2.7.4+; then any old marker →
 *  2.6; otherwise 2.7.4+ (the current line), assumed: generationKnown=false
 *  and the reason says so. 2.7.0-2.7.1 is never guessed: its yml is
 *  indistinguishable from 2.6.9's and early 2.7.4's, so it is only chosen with
 *  --wvp-version. Port overrides (media.rtsp-port ...) exist in every
 *  generation up to 2025-11-30; they only tell that the sample predates that
 *  commit, so they are reported in the reason (and in portOverrides) but do
 *  not pick a generation.
 */
export const WVP_NEWER_MARKERS = [
  'media.wan_ip',
  'media.type',
  'media.flv-port',
  'media.flv-ssl-port',
  'media.ws-flv-port',
  'media.ws-flv-ssl-port',
  'media.jtt-proxy-port',
  'media.mp4-port',
  'media.mp4-ssl-port',
  'sip.monitor-ips',
  'sip.monitor-ip',
] as const;

export function detectGeneration(
  has: (p: string) => boolean,
  portOverrides: readonly string[],
  version: WvpGeneration | undefined,
): { generation: WvpGeneration; generationReason: string; generationKnown: boolean } {
  const portNote = portOverrides.length
    ? ` Port overrides present (${portOverrides.join(', ')}): WVP honoured them until 2025-11-30 and ignores them since.`
    : '';
  if (version) return { generation: version, generationKnown: true, generationReason: `set explicitly (--wvp-version ${version}).${portNote}` };
  const newer = WVP_NEWER_MARKERS.filter(has);
  const older: string[] = [];
  if (has('media') && !has('media.id')) older.push('no media.id');
  for (const k of ['media.stream-none-reader-delay-ms']) if (has(k)) older.push(k);
  if (newer.length) {
    return {
      generation: '2.7.4+',
      generationKnown: true,
      generationReason: `keys only 2.7.4+ reads: ${newer.join(', ')}${older.length ? ` (despite older traits: ${older.join(', ')})` : ''}.${portNote}`,
    };
  }
  if (older.length) {
    return {
      generation: '2.6',
      generationKnown: true,
      generationReason: `traits of a 2.6-or-older WVP: ${older.join(', ')}; an empty media.hook-ip means sip.ip and hooks carry no context path.${portNote}`,
    };
  }
  return {
    generation: '2.7.4+',
    generationKnown: false,
    generationReason: `no version-specific keys; assumed the current 2.7.4+ line (hook-ip default 127.0.0.1, context path in hook URLs). Pass --wvp-version for 2.6.x or 2.7.0/2.7.1.${portNote}`,
  };
}
