import type { Rule } from '../types.ts';

const CERT = /\.(pem|key|crt|cer|der|p12|pfx|csr)$/i;
const CONFIG_OR_BINARY = /\.(ini|conf|cfg|ya?ml|json|log|sh|exe|so|dll)$/i;

/** Keys that name an image, and keys that name a directory. */
const IMAGE_KEYS = ['api.defaultSnap'];
const DIR_KEYS = ['api.snapRoot', 'http.rootPath', 'protocol.mp4_save_path', 'protocol.hls_save_path', 'rtp_proxy.dumpDir'];

/**
 * A path key that points at the wrong kind of file: an image key (the
 * placeholder picture api.defaultSnap) at a certificate or a config file, or
 * a directory key at such a file. Usually a slip when editing next to the -s
 * default.pem; info, since it is cosmetic for the image and obvious in use.
 */
export const rule: Rule = {
  meta: {
    id: 'path-wrong-kind',
    severity: 'info',
    category: 'values',
    fixable: false,
    title: { en: 'Path points at the wrong kind of file', zh: '路径指向了错误类型的文件' },
  },
  messages: {
    image: {
      message: {
        en: '{key}={path} should be an image, but it names {kind}',
        zh: '{key}={path} 应当是一张图片，但它指向的是{kind}',
      },
      why: {
        en: 'api.defaultSnap is the picture getSnap returns while a snapshot is still being generated (sample ./www/logo.png). ZLM serves whatever file it names, so clients receive {kind} instead of an image (and a private key would be handed out to anyone who may call getSnap).',
        zh: 'api.defaultSnap 是截图尚未生成时 getSnap 返回的图片（范例为 ./www/logo.png）。ZLM 会原样返回它指向的文件，客户端收到的是{kind}而不是图片（若是私钥，则会把它交给任何能调用 getSnap 的人）。',
      },
      fix: { en: 'Point {key} at an image, e.g. ./www/logo.png.', zh: '把 {key} 指向一张图片，例如 ./www/logo.png。' },
    },
    dir: {
      message: {
        en: '{key}={path} should be a directory, but it names {kind}',
        zh: '{key}={path} 应当是一个目录，但它指向的是{kind}',
      },
      why: {
        en: 'ZLM creates files under this directory; a path that names a file cannot hold them, so the writes (snapshots, recordings, HLS segments, dumps) or the files served from it fail.',
        zh: 'ZLM 会在这个目录下创建文件；指向一个文件的路径无法容纳它们，相关写入（截图、录像、HLS 切片、转储）或从中提供的文件都会失败。',
      },
      fix: { en: 'Point {key} at a directory.', zh: '把 {key} 指向一个目录。' },
    },
  },
  check(ctx) {
    const { doc } = ctx;
    for (const key of [...IMAGE_KEYS, ...DIR_KEYS]) {
      const line = doc.entry(key);
      const path = (line?.value ?? '').trim();
      if (!line || path === '') continue;
      const cert = CERT.test(path);
      if (!cert && !CONFIG_OR_BINARY.test(path)) continue;
      const kind = cert ? { en: 'a TLS certificate or key file', zh: 'TLS 证书或私钥文件' } : { en: 'a configuration, log or program file', zh: '配置、日志或程序文件' };
      ctx.report({ messageId: IMAGE_KEYS.includes(key) ? 'image' : 'dir', key, line, data: { key, path, kind } });
    }
  },
};
