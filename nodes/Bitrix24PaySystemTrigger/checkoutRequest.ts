import type { IDataObject } from 'n8n-workflow';

/**
 * What a Bitrix24 portal sends to a REST payment handler's ACTION_URI (RestHandler in Bitrix's
 * own sale module, sale/lib/paysystem/resthandler.php in e.g.
 * https://github.com/yuliai/bitrix-modules/tree/a3a2a579ba9fdb636ede47f2d8ca02f9c8a66dc9): in
 * Checkout mode a server-side
 * POST, application/x-www-form-urlencoded with PHP-style nested keys
 * (`BX_SYSTEM_PARAMS[PAYMENT_ID]=15&...`); in Form mode the buyer's browser submitting (or being
 * redirected with) the handler's fields plus BX_PAYSYSTEM_ID and BX_RETURN_URL.
 */

/**
 * Limits on what a caller may send (a portal's Checkout call is a few hundred bytes): beyond
 * them the request is refused unread (answered with PAYMENT_ERRORS) and starts nothing. PHP's own defaults are
 * 1,000 input variables and 64 nesting levels; a payment request needs far less.
 */
export const MAX_BODY_BYTES = 256 * 1024;
export const MAX_PARAMETERS = 1000;
export const MAX_NESTING = 16;

export class RequestTooLarge extends Error {}

/** Keys that would reach an object's prototype: a forged request must not change every object. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Sets `target[a][b] = value` for the PHP-style key `a[b]` (`a[]` appends); unsafe keys are left out. */
function setNested(target: IDataObject, key: string, value: string) {
	const path = [key.split('[')[0], ...[...key.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1])];
	if (path.length > MAX_NESTING)
		throw new RequestTooLarge(`more than ${MAX_NESTING} nesting levels`);
	if (path.some((part) => UNSAFE_KEYS.has(part))) return;
	let cursor: IDataObject | string[] = target;
	path.forEach((part, index) => {
		const last = index === path.length - 1;
		if (Array.isArray(cursor)) {
			if (last) cursor.push(value);
			else {
				const next: IDataObject = {};
				(cursor as unknown as IDataObject[]).push(next);
				cursor = next;
			}
			return;
		}
		const holder = cursor as IDataObject;
		if (last) {
			holder[part] = value;
			return;
		}
		if (holder[part] === undefined || typeof holder[part] !== 'object') {
			holder[part] = path[index + 1] === '' ? [] : {};
		}
		cursor = holder[part] as IDataObject;
	});
}

/** Parses a form body (or query string) into nested objects the way PHP does. */
export function parsePhpForm(text: string): IDataObject {
	const out: IDataObject = {};
	let count = 0;
	for (const [key, value] of new URLSearchParams(text)) {
		if (++count > MAX_PARAMETERS)
			throw new RequestTooLarge(`more than ${MAX_PARAMETERS} parameters`);
		setNested(out, key, value);
	}
	return out;
}

/** Re-nests an already parsed but flat body (`{"BX_SYSTEM_PARAMS[SUM]": "1"}`). */
export function nestFlat(flat: IDataObject): IDataObject {
	const out: IDataObject = {};
	const entries = Object.entries(flat ?? {});
	if (entries.length > MAX_PARAMETERS)
		throw new RequestTooLarge(`more than ${MAX_PARAMETERS} parameters`);
	for (const [key, value] of entries) {
		if (typeof value === 'string' && key.includes('[')) setNested(out, key, value);
		else if (!UNSAFE_KEYS.has(key)) out[key] = value;
	}
	return out;
}

const toNumber = (value: unknown) => {
	const n = Number(value);
	return value === undefined || value === '' || Number.isNaN(n) ? value : n;
};

export interface PaymentRequest {
	mode: 'checkout' | 'form';
	paymentId?: unknown;
	paySystemId?: unknown;
	sum?: unknown;
	currency?: unknown;
	returnUrl?: unknown;
	externalPaymentId?: unknown;
	/** True when the portal already got a PAYMENT_ID for this payment (the buyer tries again). */
	isRepeat: boolean;
	/** The handler's FIELDS values, by field name. */
	fields: IDataObject;
}

/** One clean item from a Checkout call or a form submission. */
export function describePaymentRequest(body: IDataObject, secretField?: string): PaymentRequest {
	const system = body.BX_SYSTEM_PARAMS as IDataObject | undefined;
	const fields: IDataObject = {};
	for (const [key, value] of Object.entries(body)) {
		if (key === 'BX_SYSTEM_PARAMS' || key === 'BX_PAYSYSTEM_ID' || key === 'BX_RETURN_URL')
			continue;
		if (secretField && key === secretField) continue;
		fields[key] = value;
	}
	if (system && typeof system === 'object') {
		return {
			mode: 'checkout',
			paymentId: toNumber(system.PAYMENT_ID),
			paySystemId: toNumber(system.PAYSYSTEM_ID),
			sum: toNumber(system.SUM),
			currency: system.CURRENCY,
			returnUrl: system.RETURN_URL,
			...(system.EXTERNAL_PAYMENT_ID ? { externalPaymentId: system.EXTERNAL_PAYMENT_ID } : {}),
			isRepeat: Boolean(system.EXTERNAL_PAYMENT_ID),
			fields,
		};
	}
	return {
		mode: 'form',
		paySystemId: toNumber(body.BX_PAYSYSTEM_ID),
		returnUrl: body.BX_RETURN_URL,
		isRepeat: false,
		fields,
	};
}
