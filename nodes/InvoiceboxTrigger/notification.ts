import { createHmac, timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * What Invoicebox sends to a shop's notification URL (../shared/api/invoicebox.md section 4,
 * docs/merchant/notification/status.md): a POST with a JSON `OrderNotification` (the order as
 * the API returns it) and `X-Signature`, the HMAC of the exact body bytes with the shop's
 * notification key (default sha1, lowercase hex). The answer is HTTP 200 with
 * `{"status":"success"}` or `{"status":"error","code":...,"message":...}`; anything else (another
 * HTTP status, a body that is not JSON, no answer within 20 s) counts as an error.
 */

/** `id` of the test notification Invoicebox's monitoring sends (with an empty merchantOrderId). */
export const HEALTH_CHECK_ID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

export const SIGNATURE_ALGORITHMS = ['md5', 'sha1', 'sha256', 'sha512'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

export const SUCCESS = { status: 'success' };

export interface NotificationError extends IDataObject {
	status: 'error';
	code: string;
	message: string;
}

export const notificationError = (code: string, message: string): NotificationError => ({
	status: 'error',
	code,
	message: message.slice(0, 500),
});

/** `hash_hmac(algorithm, body, key)` as Invoicebox computes it, over the bytes as received. */
export function sign(raw: Buffer, key: string, algorithm: SignatureAlgorithm = 'sha1'): string {
	return createHmac(algorithm, key).update(raw).digest('hex');
}

/**
 * Whether `given` (the X-Signature header) is the body's signature. Hex is compared without
 * regard to case, in constant time; a missing, repeated or empty header never matches.
 */
export function signatureMatches(raw: Buffer, key: string, given: unknown, algorithm: SignatureAlgorithm): boolean {
	if (typeof given !== 'string' || !given.trim()) return false;
	const expected = Buffer.from(sign(raw, key, algorithm), 'utf8');
	const actual = Buffer.from(given.trim().toLowerCase(), 'utf8');
	return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export type NotificationEvent = 'paid' | 'canceled' | 'expired' | 'created' | 'refunded' | 'other';

const isObject = (value: unknown): value is IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * What happened, from the order's status.
 * - `completed` is "paid" (the docs). The official PHP SDK's example notification says
 *   `"status": "success"` and its example treats that as a successful payment, so `success` is
 *   read as paid too; `status` is passed on as sent for workflows that want to be stricter.
 * - A refund is an order of its own with `parentId` = the paid order (docs/merchant/refund).
 *   Invoicebox does not document notifications for refunds; a notification that has a
 *   `parentId` and is not of subtype `order` is read as being about a refund ("refunded",
 *   whatever the refund's own status: created, completed or canceled). Correction orders have a
 *   parentId too but are orders (subtype `order`).
 */
export function classify(body: IDataObject): { kind: 'order' | 'refund'; event: NotificationEvent } {
	const status = String(body.status ?? '').toLowerCase();
	const subtype = String(body.subtype ?? '').toLowerCase();
	if (subtype.includes('refund') || (body.parentId && subtype !== 'order')) return { kind: 'refund', event: 'refunded' };
	if (status === 'completed' || status === 'success') return { kind: 'order', event: 'paid' };
	if (status === 'canceled' || status === 'cancelled') return { kind: 'order', event: 'canceled' };
	if (status === 'expired') return { kind: 'order', event: 'expired' };
	if (status === 'created') return { kind: 'order', event: 'created' };
	return { kind: 'order', event: 'other' };
}

export function isHealthCheck(body: IDataObject): boolean {
	return String(body.id ?? '').toLowerCase() === HEALTH_CHECK_ID && !body.merchantOrderId;
}

/**
 * The key under which a delivery is remembered: Invoicebox's order id with the status it
 * reports. A retry of the same notification has the same key; the next status of the same
 * order (paid after created, refunded after paid) has another.
 */
export function deliveryKey(body: IDataObject): string {
	return `${String(body.id ?? '')}:${String(body.status ?? '')}`;
}

const amount = (value: IDataObject[string]): IDataObject[string] => {
	if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
	return value;
};

/** One clean item for the workflow; the whole body stays in `raw`. */
export function describeNotification(body: IDataObject): IDataObject {
	const customer = isObject(body.customer) ? body.customer : {};
	const { kind, event } = classify(body);
	const item: IDataObject = {
		id: body.id,
		status: body.status,
		event,
		kind,
		merchantId: body.merchantId,
		merchantOrderId: body.merchantOrderId,
		merchantOrderIdVisible: body.merchantOrderIdVisible ?? body.merchantOrderId,
		amount: amount(body.amount),
		vatAmount: amount(body.vatAmount),
		currencyId: body.currencyId,
		description: body.description,
		createdAt: body.createdAt,
		paidAt: body.paidAt,
		expirationDate: body.expirationDate,
		customer,
		customerName: customer.name,
		customerEmail: customer.email,
		customerPhone: customer.phone,
		customerVatNumber: customer.vatNumber,
	};
	if (body.parentId !== undefined) item.parentId = body.parentId;
	if (body.paymentUrl !== undefined) item.paymentUrl = body.paymentUrl;
	for (const key of Object.keys(item)) if (item[key] === undefined) item[key] = null;
	return item;
}

/**
 * The deliveries a trigger has seen (key → first seen, epoch ms), kept in the workflow's static
 * data: entries older than the window are dropped, and at most `limit` are kept (oldest first
 * out), so the log stays small whatever comes in.
 */
export function rememberDelivery(
	log: IDataObject,
	key: string,
	now: number,
	windowMs: number,
	limit = 5000,
): boolean {
	for (const [k, at] of Object.entries(log)) {
		if (typeof at !== 'number' || at <= now - windowMs) delete log[k];
	}
	const seen = typeof log[key] === 'number';
	if (!seen) {
		log[key] = now;
		const keys = Object.keys(log);
		for (const k of keys.slice(0, Math.max(0, keys.length - limit))) delete log[k];
	}
	return seen;
}

export function parseNotification(raw: Buffer): IDataObject | undefined {
	try {
		const value: unknown = JSON.parse(raw.toString('utf8'));
		return isObject(value) ? value : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Deliveries seen by this n8n process, per trigger activation (scope), with the same window
 * and bound as the static-data log. The static data n8n loads for a webhook call is a copy read
 * from the database when the call arrives and saved after the trigger answers, so two deliveries
 * arriving at the same moment would both find the other missing there; this log is shared by
 * every call the process handles (not across processes, e.g. several webhook processes in queue
 * mode).
 */
const processLogs = new Map<string, IDataObject>();

export function rememberDeliveryInProcess(scope: string, key: string, now: number, windowMs: number): boolean {
	let log = processLogs.get(scope);
	if (!log) {
		log = {};
		processLogs.set(scope, log);
	}
	return rememberDelivery(log, key, now, windowMs);
}

