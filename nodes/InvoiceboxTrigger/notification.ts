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

/**
 * The codes a shop may answer with, as Invoicebox's PHP SDK lists them
 * (https://github.com/InvoiceBox/invoicebox-sdk-php/blob/e17f079e2fc860dee9bfd9efd691ae0e893d04d8/src/DTO/NotificationResult.php).
 * Only `out_of_service` makes Invoicebox try again.
 */
export const ANSWER_CODES = [
	'order_not_found',
	'order_wrong_amount',
	'order_wrong_status',
	'order_already_paid',
	'signature_error',
	'out_of_service',
] as const;

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
export function signatureMatches(
	raw: Buffer,
	key: string,
	given: unknown,
	algorithm: SignatureAlgorithm,
): boolean {
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
export function classify(body: IDataObject): {
	kind: 'order' | 'refund';
	event: NotificationEvent;
} {
	const status = String(body.status ?? '').toLowerCase();
	const subtype = String(body.subtype ?? '').toLowerCase();
	if (subtype.includes('refund') || (body.parentId && subtype !== 'order'))
		return { kind: 'refund', event: 'refunded' };
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

/**
 * Replayed copies. Invoicebox signs the body but no timestamp or nonce, so a captured copy of a
 * genuine notification verifies forever; the delivery log recognises it only while it remembers
 * it (the duplicate window). What the notification itself says about time is the order's dates
 * (OrderNotification repeats OrderResponse: `createdAt`, `paidAt` when paid, `expirationDate`;
 * no update time): only `paidAt` of a paid order is the moment of the change notified. Invoicebox
 * sends at once and retries for 24 hours at most, so a genuine delivery of a payment arrives
 * within about a day of its `paidAt` (clock skew included); a copy arriving after the window is
 * refused as a replay. The other dates are no such moment: an order is canceled or expires (or
 * has its status set by hand) any time after `createdAt`, expiry may be noticed after
 * `expirationDate`, a refund's completion is not dated; refusing by them would lose genuine
 * notifications, so those are left to the delivery log.
 */
export const MIN_STALE_AFTER_MS = 48 * 3_600_000;

/** When the payment a notification reports was made (epoch ms), or undefined when it does not say. */
export function paymentMoment(body: IDataObject): number | undefined {
	const { kind, event } = classify(body);
	if (kind !== 'order' || event !== 'paid' || typeof body.paidAt !== 'string') return undefined;
	const at = Date.parse(body.paidAt);
	return Number.isFinite(at) ? at : undefined;
}

/**
 * How long after its payment a notification is still taken for genuine: the duplicate window,
 * never less than 48 hours (Invoicebox's 24 hours of retries, plus as much for skew and queues).
 */
export const staleAfterMs = (windowMs: number) => Math.max(windowMs, MIN_STALE_AFTER_MS);

const amount = (value: IDataObject[string]): IDataObject[string] => {
	if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
		return Number(value);
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

/** Where a delivery log is kept: the workflow's static data (an object) or this process (a Map). */
interface DeliveryStore {
	/** Keys in the order they were added, oldest first (a snapshot or a live iterator). */
	keys(): Iterable<string>;
	get(key: string): unknown;
	set(key: string, at: number): void;
	delete(key: string): void;
	size(): number;
}

const objectStore = (log: IDataObject): DeliveryStore => ({
	keys: () => Object.keys(log),
	get: (key) => log[key],
	set: (key, at) => {
		log[key] = at;
	},
	delete: (key) => {
		delete log[key];
	},
	size: () => Object.keys(log).length,
});

const mapStore = (log: Map<string, number>): DeliveryStore => ({
	keys: () => log.keys(),
	get: (key) => log.get(key),
	set: (key, at) => {
		log.set(key, at);
	},
	delete: (key) => {
		log.delete(key);
	},
	size: () => log.size,
});

/**
 * Remembers a delivery (key → remembered at, epoch ms) and says whether it was remembered already:
 * entries older than the window are dropped, and at most `limit` are kept (oldest first out), so
 * the log stays small whatever comes in. A delivery is remembered `at` its arrival, or later when
 * it reports a moment after its arrival (a sender's clock ahead of ours), so that the log forgets
 * it no sooner than the replay check (paymentMoment) starts refusing it.
 *
 * Entries are added in arrival order, so the expired ones sit at the front: the log is pruned
 * from there up to the first live entry instead of being read whole on every delivery. An entry
 * remembered for later that sits in front of expired ones only delays their removal: a lookup
 * checks the age of what it finds.
 */
function remember(
	store: DeliveryStore,
	key: string,
	now: number,
	windowMs: number,
	at: number,
	limit: number,
): boolean {
	const live = (value: unknown) => typeof value === 'number' && value > now - windowMs;
	for (const k of store.keys()) {
		if (live(store.get(k))) break;
		store.delete(k);
	}
	const seen = live(store.get(key));
	if (!seen) {
		// Deleted first, so that the key moves to the end (the newest).
		store.delete(key);
		store.set(key, at);
		let excess = store.size() - limit;
		if (excess > 0) {
			for (const k of store.keys()) {
				if (excess-- <= 0) break;
				store.delete(k);
			}
		}
	}
	return seen;
}

export const DELIVERY_LOG_LIMIT = 5000;

/** The deliveries a trigger has seen, kept in the workflow's static data (see remember). */
export function rememberDelivery(
	log: IDataObject,
	key: string,
	now: number,
	windowMs: number,
	at = now,
	limit = DELIVERY_LOG_LIMIT,
): boolean {
	return remember(objectStore(log), key, now, windowMs, at, limit);
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
 * Deliveries seen by this n8n process, one log per trigger (workflow and node) for its current
 * activation, with the same window and bound as the static-data log. The static data n8n loads
 * for a webhook call is a copy read from the database when the call arrives and saved after the
 * trigger answers, so two deliveries arriving at the same moment would both find the other
 * missing there; this log is shared by every call the process handles (not across processes,
 * e.g. several webhook processes in queue mode).
 *
 * It must not outlive what it serves: a new activation replaces the trigger's log (the hooks drop
 * it as well, in the process that runs them; a call of an earlier activation finds no log); a log whose every entry is past its window goes
 * (workflows deactivated or deleted in another process, or silent since); and all the logs
 * together hold at most MAX_ENTRIES_IN_PROCESS entries, the least recently used trigger's log
 * going first.
 */
interface ProcessLog {
	activation: string;
	windowMs: number;
	/** The latest `at` in the log: once it is past the window, so is every entry. */
	newest: number;
	log: Map<string, number>;
}

export const MAX_ENTRIES_IN_PROCESS = 20_000;

const processLogs = new Map<string, ProcessLog>();

export function rememberDeliveryInProcess(
	trigger: string,
	activation: string,
	key: string,
	now: number,
	windowMs: number,
	at = now,
): boolean {
	for (const [id, entry] of processLogs)
		if (entry.newest <= now - entry.windowMs) processLogs.delete(id);
	let entry = processLogs.get(trigger);
	// A straggler of an earlier activation (its static data was read before the workflow was
	// activated again; activatedAt is an ISO date) does not replace the current log.
	if (entry && activation < entry.activation) return false;
	if (!entry || entry.activation !== activation)
		entry = { activation, windowMs, newest: at, log: new Map() };
	// Re-inserted: the Map's order is then least recently used first.
	processLogs.delete(trigger);
	processLogs.set(trigger, entry);
	const seen = remember(mapStore(entry.log), key, now, windowMs, at, DELIVERY_LOG_LIMIT);
	entry.windowMs = windowMs;
	entry.newest = Math.max(entry.newest, at);
	let total = inProcessDeliveryStats().entries;
	for (const [id, other] of processLogs) {
		if (total <= MAX_ENTRIES_IN_PROCESS || other === entry) break;
		processLogs.delete(id);
		total -= other.log.size;
	}
	return seen;
}

/** Drops a trigger's in-process log (its workflow is being activated again or deactivated). */
export function forgetDeliveriesInProcess(trigger: string): void {
	processLogs.delete(trigger);
}

/** What the in-process logs hold: triggers and entries (for tests and diagnostics). */
export function inProcessDeliveryStats(): { triggers: number; entries: number } {
	let entries = 0;
	for (const entry of processLogs.values()) entries += entry.log.size;
	return { triggers: processLogs.size, entries };
}
