import type { Rule } from '../types.ts';
import { defaultOf } from '../../zlm/effective.ts';
import { inlineComment, quotedValue } from '../util.ts';

/** printf conversions in a template: `%s`, `%d`, ...; `%%` is a literal percent sign. */
function conversions(t: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < t.length; i++) {
    if (t[i] !== '%') continue;
    const m = /^%[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|j|z|t|L)?(.)?/.exec(t.slice(i));
    const conv = m?.[1];
    if (conv === '%') {
      i++;
      continue;
    }
    out.push(m ? m[0] : '%');
    i += (m ? m[0].length : 1) - 1;
  }
  return out;
}

const FFMPEG: Record<string, { en: string; zh: string }> = {
  'ffmpeg.cmd': { en: 'ffmpeg binary, source URL, destination URL', zh: 'ffmpeg 程序、源地址、目标地址' },
  'ffmpeg.snap': { en: 'ffmpeg binary, source URL, output file', zh: 'ffmpeg 程序、源地址、输出文件' },
};

/**
 * ffmpeg.cmd / ffmpeg.snap are snprintf templates filled with three strings;
 * cluster.origin_url entries are filled with app and stream.
 */
export const rule: Rule = {
  meta: {
    id: 'template-invalid',
    severity: 'error',
    category: 'values',
    fixable: false,
    title: { en: 'Command or URL template with the wrong placeholders', zh: '命令或 URL 模板的占位符不正确' },
  },
  messages: {
    notStartCmd: {
      message: {
        en: 'ffmpeg.cmd does not start with %s; ZLM refuses to run it',
        zh: 'ffmpeg.cmd 不以 %s 开头；ZLM 拒绝执行',
      },
      why: {
        en: 'The first %s is replaced by the ffmpeg binary (ffmpeg.bin). ZLM checks that the template starts with it and otherwise fails with "ffmpeg cmd template must start with \'%s\'": every addFFmpegSource using this template fails.',
        zh: '第一个 %s 会被替换为 ffmpeg 程序（ffmpeg.bin）。ZLM 会检查模板是否以它开头，否则报错 "ffmpeg cmd template must start with \'%s\'"：所有使用该模板的 addFFmpegSource 都会失败。',
      },
      fix: {
        en: 'Start the template with %s (the binary) and keep exactly three %s ({args}), e.g. {key}={default}',
        zh: '模板以 %s（ffmpeg 程序）开头，并且恰好包含三个 %s（{args}），例如 {key}={default}',
      },
    },
    notStartSnap: {
      message: {
        en: 'ffmpeg.snap does not start with %s; the snapshot command does not run ffmpeg.bin',
        zh: 'ffmpeg.snap 不以 %s 开头；截图命令不会执行 ffmpeg.bin',
      },
      why: {
        en: 'ZLM fills the template with snprintf(ffmpeg.bin, URL, output file). When the template does not start with %s, the binary lands somewhere in the middle of the command and the URL and file shift to the wrong places, so getSnap fails (it returns api.defaultSnap) and the command line may run something unintended.',
        zh: 'ZLM 用 snprintf 依次把 ffmpeg.bin、URL 和输出文件填入模板。模板不以 %s 开头时，程序路径被填到命令中间，URL 和文件也错位，getSnap 失败（返回 api.defaultSnap），命令行还可能执行意外的内容。',
      },
      fix: {
        en: 'Start the template with %s (the binary) and keep exactly three %s ({args}), e.g. {key}={default}',
        zh: '模板以 %s（ffmpeg 程序）开头，并且恰好包含三个 %s（{args}），例如 {key}={default}',
      },
    },
    ffmpegCount: {
      message: {
        en: '{key} has {count} printf placeholders ({found}); it needs exactly three %s',
        zh: '{key} 含有 {count} 个 printf 占位符（{found}）；必须恰好是三个 %s',
      },
      why: {
        en: 'ZLM fills the template with snprintf and exactly three strings ({args}). Fewer %s drop arguments (ffmpeg gets no output), more %s or other conversions such as %d read garbage from the stack: undefined behaviour, a broken command or a crash.',
        zh: 'ZLM 用 snprintf 和恰好三个字符串（{args}）填充模板。%s 少了会丢参数（ffmpeg 没有输出目标），多了或含 %d 等其他转换符会从栈上读取垃圾数据：行为未定义，命令错误甚至崩溃。',
      },
      fix: {
        en: 'Keep exactly three %s ({args}) and write a literal percent sign as %%, e.g. {key}={default}',
        zh: '保留恰好三个 %s（{args}），字面百分号写成 %%，例如 {key}={default}',
      },
    },
    originUrl: {
      message: {
        en: 'cluster.origin_url entry "{entry}" has {count} printf placeholders ({found}); each entry needs exactly two %s',
        zh: 'cluster.origin_url 中的 "{entry}" 含有 {count} 个 printf 占位符（{found}）；每一项必须恰好包含两个 %s',
      },
      why: {
        en: 'Each ;-separated origin is filled with app and stream (two %s). With a different count the edge pulls a wrong URL (or reads garbage for the missing argument) and players of not-yet-existing streams wait until maxStreamWaitMS and get 404; on_stream_not_found is not called while origin_url is set.',
        zh: '用 ; 分隔的每个源站地址都会用 app 和 stream 两个参数填充（两个 %s）。数量不对时边缘站拉取错误的地址（或为缺失参数读取垃圾数据），播放尚不存在的流会一直等到 maxStreamWaitMS 后 404；设置 origin_url 时 on_stream_not_found 不会被调用。',
      },
      fix: {
        en: 'Write each origin with two %s, e.g. rtmp://origin:1935/%s/%s;http://origin:80/%s/%s/hls.m3u8',
        zh: '每个源站地址写两个 %s，例如 rtmp://origin:1935/%s/%s;http://origin:80/%s/%s/hls.m3u8',
      },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    for (const key of Object.keys(FFMPEG)) {
      const line = doc.entry(key);
      if (!line) continue;
      const raw = line.value!;
      if (quotedValue(raw)) continue; // quoted-value reports it
      const text = inlineComment(raw)?.clean ?? raw; // inline-comment reports the comment
      const conv = conversions(text);
      const data = {
        key,
        args: FFMPEG[key]!,
        default: defaultOf(key) ?? '',
        count: conv.length,
        found: conv.join(' ') || '-',
      };
      // empty breaks only the FFmpeg pulls / snapshots that use it: a warning, not a broken file
      if (text === '') ctx.report({ messageId: key === 'ffmpeg.cmd' ? 'notStartCmd' : 'notStartSnap', severity: 'warning', key, line, data });
      else if (!text.startsWith('%s')) ctx.report({ messageId: key === 'ffmpeg.cmd' ? 'notStartCmd' : 'notStartSnap', key, line, data });
      else if (conv.length !== 3 || conv.some((c) => c !== '%s')) ctx.report({ messageId: 'ffmpegCount', key, line, data });
    }
    const origin = doc.entry('cluster.origin_url');
    if (origin && origin.value !== '' && !quotedValue(origin.value!)) {
      const text = inlineComment(origin.value!)?.clean ?? origin.value!;
      for (const part of text.split(';')) {
        const entry = part.trim();
        if (entry === '') continue;
        const conv = conversions(entry);
        if (conv.length === 2 && conv.every((c) => c === '%s')) continue;
        ctx.report({
          messageId: 'originUrl',
          key: 'cluster.origin_url',
          line: origin,
          data: { entry, count: conv.length, found: conv.join(' ') || '-' },
        });
      }
    }
  },
};
