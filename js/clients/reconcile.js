// Missed-notification reconciliation: a notification can be lost (the merchant's server was down
// for a day, a proxy dropped it), so orders still unpaid after a while are asked about directly.
// Runtime-neutral: it only calls the client it is given.
import { WechatPayError } from '../errors.js';

const PAID = new Set(['SUCCESS', 'REFUND']);
const CLOSED = new Set(['CLOSED', 'REVOKED', 'PAYERROR']);
const NOT_FOUND = new Set(['ORDER_NOT_EXIST', 'ORDERNOTEXIST']);

function createdMs(value) {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Date.parse(value);
  return Number.NaN;
}

/**
 * `reconcileOrders(client, orders, { olderThanMinutes = 10, concurrency = 4, now, callOptions })`
 *
 * `client`: a createV3Client (queryOrder) or createV2Client (orderQuery) client. `orders`: the
 * merchant's unpaid orders, `{ outTradeNo, createdAt }` (createdAt: Date, ms or ISO text). Orders
 * younger than `olderThanMinutes` are left alone (their notification may still come); the others
 * are queried, at most `concurrency` at a time, each with the client's timeout and retries.
 *
 * Resolves `{ paid, closed, pending, notFound, failed, skipped }`: arrays of
 * `{ outTradeNo, tradeState, transaction }` (failed: `{ outTradeNo, error }`; skipped: the
 * outTradeNo of orders too young to ask about). `paid` holds SUCCESS and REFUND orders — record
 * them as paid exactly as the notification would have.
 */
export async function reconcileOrders(client, orders, options = {}) {
  const query = typeof client?.queryOrder === 'function' ? (no, o) => client.queryOrder(no, o)
    : typeof client?.orderQuery === 'function' ? (no, o) => client.orderQuery(no, o) : null;
  if (!query) throw new WechatPayError('INVALID_ARGUMENT', 'reconcileOrders needs a client from createV3Client or createV2Client');
  if (orders === null || typeof orders !== 'object' || typeof orders[Symbol.iterator] !== 'function') throw new WechatPayError('INVALID_ARGUMENT', 'orders must be an array of { outTradeNo, createdAt }');
  const { olderThanMinutes = 10, concurrency = 4, now = Date.now(), callOptions } = options;
  if (typeof olderThanMinutes !== 'number' || !(olderThanMinutes >= 0)) throw new WechatPayError('INVALID_ARGUMENT', 'olderThanMinutes must be a number ≥ 0');
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new WechatPayError('INVALID_ARGUMENT', 'concurrency must be an integer from 1 to 64');

  const report = { paid: [], closed: [], pending: [], notFound: [], failed: [], skipped: [] };
  const due = [];
  for (const order of orders) {
    const outTradeNo = order?.outTradeNo;
    if (typeof outTradeNo !== 'string' || outTradeNo === '') throw new WechatPayError('INVALID_ARGUMENT', 'each order needs an outTradeNo (a non-empty string)');
    const created = createdMs(order.createdAt);
    if (Number.isNaN(created)) throw new WechatPayError('INVALID_ARGUMENT', `order ${outTradeNo}: createdAt must be a Date, milliseconds or an ISO date`);
    if (now - created < olderThanMinutes * 60_000) report.skipped.push(outTradeNo);
    else due.push(outTradeNo);
  }

  let next = 0;
  async function worker() {
    while (next < due.length) {
      const outTradeNo = due[next++];
      try {
        const transaction = await query(outTradeNo, callOptions);
        const tradeState = transaction.trade_state;
        const entry = { outTradeNo, tradeState, transaction };
        if (PAID.has(tradeState)) report.paid.push(entry);
        else if (CLOSED.has(tradeState)) report.closed.push(entry);
        else report.pending.push(entry);
      } catch (e) {
        if (e instanceof WechatPayError && NOT_FOUND.has(e.code)) report.notFound.push({ outTradeNo, tradeState: null, transaction: null });
        else report.failed.push({ outTradeNo, error: e });
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
  return report;
}
