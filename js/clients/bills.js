// Reconciliation bills (对账单), shared by the v3 and v2 clients: each chunk of a download goes
// into wasm, which decrypts it (encrypted sub-merchant bills), gunzips it, hashes it and parses it
// (src/bills) and gives back only the cells of completed rows. Nothing decompressed is left for
// the JS garbage collector, so a 100 MB bill read as a stream stays within a Worker's 128 MB.
// Why not DecompressionStream: in workerd it raised the peak memory of a 100 MB bill by about 160 MB
// (bench/bills.mjs); inflating inside wasm keeps one 32 KiB window. Runtime-neutral. The bill
// code is in the extra wasm module (js/extra.js), instantiated by the first bill parsed.
import { extra } from '../extra.js';
import { WechatPayError, rethrow } from '../errors.js';

function call(fn) {
  try { return fn(); } catch (e) { rethrow(e); }
}

function truncated(what, cause) {
  return new WechatPayError('BILL_TRUNCATED', `${what} ended early: ${cause?.message ?? cause ?? 'the connection closed'}`, { cause });
}

/** Byte chunks of a fetch body; a broken connection is BILL_TRUNCATED, the caller's abort ABORTED. */
export async function* bodyChunks(res, what, signal) {
  if (!res.body) return;
  const expected = Number(res.headers.get('content-length'));
  const reader = res.body.getReader();
  let received = 0;
  let done = false;
  try {
    for (;;) {
      let r;
      try {
        r = await reader.read();
      } catch (e) {
        if (signal?.aborted) throw new WechatPayError('ABORTED', `${what} was aborted by the caller's signal`, { cause: signal.reason });
        throw truncated(what, e);
      }
      if (r.done) break;
      received += r.value.byteLength;
      yield r.value;
    }
    done = true;
    if (Number.isFinite(expected) && expected > 0 && received < expected) throw truncated(what, `${received} of ${expected} bytes received`);
  } finally {
    if (!done) reader.cancel().catch(() => {});
  }
}

function record(columns, cells, at) {
  const entries = new Array(columns.length);
  for (let i = 0; i < columns.length; i++) entries[i] = [columns[i], cells[at + i]];
  return Object.fromEntries(entries);
}

/**
 * A bill being downloaded, read once: `for await (const record of stream)` yields each detail
 * row as an object keyed by the bill's own column names (every value a string: amounts stay
 * text such as "0.01"). When the loop ends normally the bill was complete and its hash matched;
 * then `columns`, `summary` (an object keyed by the summary's column names), `summaryColumns`,
 * `rows` are set. Any failure is thrown by the loop — records seen before it are not trustworthy.
 * `collect()` reads it whole: `{ columns, records, summaryColumns, summary }`.
 */
export class BillStream {
  #parts;
  #started = false;

  /** `parts`: iterable / async iterable of `{ chunks, what, gzip, decrypt: { key, nonce }?, hash: { type, value }? }`. */
  constructor(parts) {
    this.#parts = parts;
    this.columns = null;
    this.summaryColumns = null;
    this.summary = null;
    this.rows = 0;
    this.complete = false;
  }

  async *[Symbol.asyncIterator]() {
    if (this.#started) throw new WechatPayError('INVALID_ARGUMENT', 'a bill stream can be read once');
    this.#started = true;
    const parser = new (extra().BillParser)();
    try {
      let columns = null;
      const emit = (cells) => {
        if (columns === null) this.columns = columns = parser.columns;
        const out = [];
        for (let at = 0; at < cells.length; at += columns.length) out.push(record(columns, cells, at));
        return out;
      };
      for await (const part of this.#parts) {
        const { key, nonce } = part.decrypt ?? {};
        let stages;
        try {
          stages = call(() => new (extra().BillPart)(key, nonce, Boolean(part.gzip), part.hash?.type, part.hash?.value));
        } finally {
          key?.fill(0);
        }
        try {
          for await (const chunk of part.chunks) {
            const cells = call(() => stages.push(chunk, parser));
            if (cells.length) {
              for (const r of emit(cells)) {
                this.rows++;
                yield r;
              }
            }
          }
          call(() => stages.finish());
        } finally {
          stages.free();
        }
      }
      const last = call(() => parser.finish());
      for (const r of emit(last)) {
        this.rows++;
        yield r;
      }
      this.columns = parser.columns;
      this.summaryColumns = parser.summaryColumns;
      this.summary = Object.fromEntries(this.summaryColumns.map((c, i) => [c, parser.summary[i]]));
      this.complete = true;
    } finally {
      parser.free();
    }
  }

  /** The whole bill: `{ columns, records, summaryColumns, summary }` (for bills that fit in memory). */
  async collect() {
    const records = [];
    for await (const r of this) records.push(r);
    return { columns: this.columns, records, summaryColumns: this.summaryColumns, summary: this.summary };
  }
}

const encoder = new TextEncoder();

/**
 * Parses a complete bill (text or bytes) already in memory: `{ columns, records, summaryColumns,
 * summary }`. BILL_INVALID when it does not follow the bill format, BILL_TRUNCATED when it stops
 * before its summary row.
 */
export function parseBill(bill) {
  let bytes;
  if (typeof bill === 'string') bytes = encoder.encode(bill);
  else if (bill instanceof Uint8Array) bytes = bill;
  else if (bill instanceof ArrayBuffer) bytes = new Uint8Array(bill);
  else throw new WechatPayError('INVALID_ARGUMENT', 'parseBill takes the bill as a string or bytes');
  const parser = new (extra().BillParser)();
  try {
    const cells = call(() => parser.push(bytes));
    const last = call(() => parser.finish());
    const columns = parser.columns;
    const records = [];
    for (const part of [cells, last]) for (let at = 0; at < part.length; at += columns.length) records.push(record(columns, part, at));
    const summaryColumns = parser.summaryColumns;
    const summaryCells = parser.summary;
    return { columns, records, summaryColumns, summary: Object.fromEntries(summaryColumns.map((c, i) => [c, summaryCells[i]])) };
  } finally {
    parser.free();
  }
}

/**
 * An amount of a bill ("12.34", "-0.01", "0.00000") in integer fen; fractions of a fen (the
 * fee column has 5 decimals) are refused rather than rounded.
 */
export function billAmountToFen(amount) {
  const m = typeof amount === 'string' ? /^(-?)(\d{1,13})(?:\.(\d{1,2})(0*))?$/.exec(amount.trim()) : null;
  if (!m) throw new WechatPayError('INVALID_ARGUMENT', `not an amount in yuan with at most 2 significant decimals: ${JSON.stringify(String(amount).slice(0, 40))}`);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

/** A bill date check: `yyyy-MM-dd` (v3) or `yyyyMMdd` (v2). */
export function checkBillDate(value, pattern, form) {
  if (typeof value !== 'string' || !pattern.test(value)) throw new WechatPayError('INVALID_ARGUMENT', `bill_date must be ${form}`);
  return value;
}

/** Reads at least `n` bytes of `source` (or all of it): `{ head, chunks }` where `chunks` replays everything. */
export async function peek(source, n) {
  const it = source[Symbol.asyncIterator]();
  const seen = [];
  let size = 0;
  let ended = false;
  while (size < n) {
    const r = await it.next();
    if (r.done) { ended = true; break; }
    seen.push(r.value);
    size += r.value.byteLength;
  }
  const head = new Uint8Array(size);
  let at = 0;
  for (const c of seen) { head.set(c, at); at += c.byteLength; }
  async function* chunks() {
    try {
      yield* seen;
      if (!ended) for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    } finally {
      await it.return?.();
    }
  }
  return { head, chunks: chunks() };
}

/**
 * The signal of a download's fetch: aborted by the attempt's signal (its timeout) until the
 * response headers arrive — `release()` then detaches it — and by the caller's signal at any
 * time, body included.
 */
export function downloadSignal(attemptSignal, callerSignal) {
  const controller = new AbortController();
  const onAttempt = () => controller.abort(attemptSignal.reason);
  attemptSignal.addEventListener('abort', onAttempt, { once: true });
  if (callerSignal) {
    if (callerSignal.aborted) controller.abort(callerSignal.reason);
    else callerSignal.addEventListener('abort', () => controller.abort(callerSignal.reason), { once: true });
  }
  return { signal: controller.signal, release: () => attemptSignal.removeEventListener('abort', onAttempt) };
}
