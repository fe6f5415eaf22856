import type { IDataObject } from 'n8n-workflow';

/**
 * What Invoicebox sends to a shop's notification URL
 * (https://docs.invoicebox.ru/docs/merchant/notification/status/): a POST with a JSON `OrderNotification` (the order as
 * the API returns it) and `X-Signature`, the HMAC of the exact body bytes with the shop's
 * notification key (default sha1, lowercase hex). The answer is HTTP 200 with
 * `{"status":"success"}` or `{"status":"error","code":...,"message":...}`; anything else (another
 * HTTP status, a body that is not JSON, no answer within 20 s) counts as an error.
 */

/** `id` of the test notification Invoicebox's monitoring sends (with an empty merchantOrderId). */
export const HEALTH_CHECK_ID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

export const SUCCESS = { status: 'success' };

/**
 * The codes a shop may answer with, as Invoicebox's PHP SDK lists them
 * (https://github.com/InvoiceBox/invoicebox-sdk-php/blob/e17f079/src/DTO/NotificationResult.php).
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

export function parseNotification(raw: Buffer): IDataObject | undefined {
	try {
		const value: unknown = JSON.parse(raw.toString('utf8'));
		return isObject(value) ? value : undefined;
	} catch {
		return undefined;
	}
}
