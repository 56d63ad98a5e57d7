// Media upload (/v3/merchant/media/upload, /v3/merchant/media/video_upload and other upload
// endpoints): a multipart/form-data body with a `meta` part {"filename","sha256"} and a `file`
// part. The Authorization signature covers the meta JSON only — not the multipart body — so the
// signed text and the body of the request differ.
import { WechatPayError } from '../errors.js';
import { randomNonce, requireString } from '../http.js';

const MiB = 1024 * 1024;

/** WeChat Pay's limits per endpoint (documented on each upload API). */
export const UPLOAD_LIMITS = Object.freeze({
  image: Object.freeze({ path: '/v3/merchant/media/upload', maxBytes: 2 * MiB, extensions: Object.freeze(['jpg', 'jpeg', 'bmp', 'png']) }),
  video: Object.freeze({
    path: '/v3/merchant/media/video_upload', maxBytes: 5 * MiB,
    extensions: Object.freeze(['avi', 'wmv', 'mpeg', 'mp4', 'mov', 'mkv', 'flv', 'f4v', 'm4v', 'rmvb']),
  }),
});

const MEDIA_TYPES = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', bmp: 'image/bmp', png: 'image/png', gif: 'image/gif', pdf: 'application/pdf',
  avi: 'video/x-msvideo', wmv: 'video/x-ms-wmv', mpeg: 'video/mpeg', mp4: 'video/mp4', mov: 'video/quicktime',
  mkv: 'video/x-matroska', flv: 'video/x-flv', f4v: 'video/x-f4v', m4v: 'video/x-m4v', rmvb: 'application/vnd.rn-realmedia-vbr',
};

const invalid = (message) => new WechatPayError('INVALID_ARGUMENT', message);
const utf8 = new TextEncoder();

/** The file's bytes from a Uint8Array, another typed array / DataView, an ArrayBuffer or a Blob. */
async function fileBytes(file, maxBytes, label) {
  const size = file?.byteLength ?? (typeof Blob !== 'undefined' && file instanceof Blob ? file.size : undefined);
  if (size === undefined) throw invalid('the file must be a Uint8Array, an ArrayBuffer or a Blob');
  if (size === 0) throw invalid('the file is empty');
  if (size > maxBytes) {
    throw new WechatPayError('INPUT_TOO_LARGE', `the file is ${size} bytes: ${label} accepts at most ${maxBytes} bytes (${maxBytes / MiB} MiB); nothing was sent`, { limit: maxBytes, size });
  }
  if (file instanceof Uint8Array) return file;
  if (file instanceof ArrayBuffer) return new Uint8Array(file);
  if (ArrayBuffer.isView(file)) return new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  return new Uint8Array(await file.arrayBuffer());
}

/** A filename for the meta JSON and the part header: no quotes, backslashes or control characters. */
function checkFilename(filename, extensions, label) {
  const name = requireString(filename, 'filename');
  if (name.length > 256 || /["\\\u0000-\u001f\u007f/]/.test(name)) throw invalid('filename must be a plain name of at most 256 characters without quotes, slashes, backslashes or control characters');
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1].toLowerCase();
  if (extensions && !extensions.includes(ext)) throw invalid(`filename ${JSON.stringify(name)}: ${label} accepts only ${extensions.join(', ')} files`);
  return { name, ext };
}

const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * The upload request: signed text = the meta JSON, body = the multipart bytes (meta part, then
 * file part, CRLF line ends). The boundary carries 24 random alphanumerics (~142 bits), so no
 * file contains it by chance.
 */
export async function uploadRequest(path, file, filename, { maxBytes, extensions, contentType, headers } = {}) {
  const label = requireString(path, 'path').split('?')[0];
  const { name, ext } = checkFilename(filename, extensions, label);
  const bytes = await fileBytes(file, maxBytes ?? 5 * MiB, label);
  const sha256 = hex(await crypto.subtle.digest('SHA-256', bytes));
  const meta = JSON.stringify({ filename: name, sha256 });
  const boundary = `wechatpay-wasm-${randomNonce(24)}`;
  const type = contentType ?? MEDIA_TYPES[ext] ?? 'application/octet-stream';
  const head = utf8.encode(`--${boundary}\r\nContent-Disposition: form-data; name="meta"\r\nContent-Type: application/json\r\n\r\n${meta}\r\n`
    + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`);
  const tail = utf8.encode(`\r\n--${boundary}--\r\n`);
  const body = new Uint8Array(head.length + bytes.length + tail.length);
  body.set(head, 0);
  body.set(bytes, head.length);
  body.set(tail, head.length + bytes.length);
  return { method: 'POST', path, signedText: meta, body, contentType: `multipart/form-data; boundary=${boundary}`, headers, meta, sha256 };
}

/** The client's upload functions. Uploading twice is harmless (no money moves): repeated like a GET. */
export function uploadFunctions(ctx) {
  const run = async (path, file, filename, limits, opts = {}) => {
    const req = await uploadRequest(path, file, filename, { ...limits, headers: opts.headers });
    return ctx.exchange(req, { idempotent: true, ...opts }, ctx.interpret);
  };
  return {
    /** POST /v3/merchant/media/upload (JPG/BMP/PNG, ≤ 2 MiB) → `{ media_id }`. */
    uploadImage: (file, filename, opts) => run(UPLOAD_LIMITS.image.path, file, filename, UPLOAD_LIMITS.image, opts),
    /** POST /v3/merchant/media/video_upload (AVI/WMV/MPEG/MP4/MOV/MKV/FLV/F4V/M4V/RMVB, ≤ 5 MiB) → `{ media_id }`. */
    uploadVideo: (file, filename, opts) => run(UPLOAD_LIMITS.video.path, file, filename, UPLOAD_LIMITS.video, opts),
    /**
     * Any other upload endpoint (e.g. /v3/marketing/favor/media/image-upload): `opts.maxBytes`
     * (default 5 MiB), `opts.extensions` (allowed, lowercase), `opts.contentType` of the file part.
     */
    upload: (path, file, filename, opts = {}) => run(path, file, filename, { maxBytes: opts.maxBytes, extensions: opts.extensions, contentType: opts.contentType }, opts),
  };
}
