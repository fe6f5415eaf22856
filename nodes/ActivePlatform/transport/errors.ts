import type { ApiFailure } from '../../shared/errors';
import type { RequestTarget } from './requests';
import { paymentLabel } from './requests';

/**
 * ActivePlatform's error catalogue: what each answer means to a user and what to do. The
 * reference documents one refusal, the 422 of a payment in the wrong status
 * (https://docs.activeplatform.com/api-guide/latest/en/plateyoi/zavershenie-plateyoa-po-id);
 * other statuses are not documented: their meaning below is HTTP's, with hints for this API.
 */

export const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const tokenHint =
	"The API token is wrong, was regenerated, or its manager was deactivated. Copy the manager's API token from " +
	"the Operator Control Panel (the manager's details page) into the ActivePlatform API credential.";

function forbiddenHint(target: RequestTarget): string {
	const reseller = target.resellerId ? `reseller ${target.resellerId}` : 'this reseller';
	if (target.kind === 'reseller' || target.kind === 'resellers') {
		return (
			`The token may not read ${reseller}: its manager's role may allow payments but not resellers, or the ` +
			"reseller is outside the token's reach. Enter the reseller's ID (By ID) instead of picking it from the " +
			"list, or leave Reseller ID empty to use the credential's default."
		);
	}
	return (
		`The token may act only on its own reseller and the resellers below it, and its manager's role must allow ` +
		`this method. Check the Reseller ID (${reseller}; leave the field empty to use the credential's default) ` +
		`and the manager's role.`
	);
}

function notFoundHint(target: RequestTarget): string {
	switch (target.kind) {
		case 'get':
		case 'complete':
		case 'completeFromBalance':
		case 'cancel':
			return (
				`No payment ${target.paymentId} under reseller ${target.resellerId}. Check the Payment ID (the payment's ` +
				`ID, not its document number) and the Reseller ID: a payment belongs to one reseller.`
			);
		case 'completeByDocument':
			return (
				`No payment with document number ${target.documentId} under reseller ${target.resellerId}. Check the ` +
				`number exactly as the platform shows it, leading zeros included, and the Reseller ID.`
			);
		case 'reseller':
		case 'resellers':
			return `Reseller ${target.resellerId} was not found. Check the Default Reseller ID in the credential.`;
		default:
			return (
				'Check the Base URL in the credential: it must be the address of the ActivePlatform installation (the API ' +
				'lives under /api/v3 there).'
			);
	}
}

function unprocessableHint(target: RequestTarget): string {
	switch (target.kind) {
		case 'create':
			return 'Check Account ID (an account of this reseller), Total (greater than 0) and Comment (required).';
		case 'complete':
			return (
				'Check Payment Method ID: it must be the ID of an active payment method (Operator Control Panel → payment ' +
				'methods list).'
			);
		case 'completeFromBalance':
			return (
				'Only payments waiting for payment can be paid from the account balance; top-up payments and payments ' +
				'already partly paid from balance cannot, and the balance must cover the total.'
			);
		case 'completeByDocument':
			return (
				"Check Payment Method ID (an active payment method), Currency Code (must be the payment's currency), " +
				'Amount (greater than 0) and External Transaction ID (2 to 255 characters).'
			);
		case 'cancel':
			return 'Only payments waiting for payment that are not linked to a postpaid invoice can be cancelled.';
		default:
			return 'ActivePlatform refused a value: the text below names it.';
	}
}

const NOT_COMPLETABLE = /waiting for payment/i;

/** The node's codes for the documented 422 refusals of Complete and Cancel (see notCompletable). */
export const REFUSAL_CODES = ['PAYMENT_NOT_COMPLETABLE', 'PAYMENT_NOT_CANCELLABLE'];

/** What the documented 422 of Complete means, before the payment's current status is known. */
export function notCompletable(
	target: RequestTarget,
	title: string,
	detail: string | undefined,
): ApiFailure | undefined {
	if (target.kind === 'complete' || target.kind === 'completeByDocument') {
		if (!(NOT_COMPLETABLE.test(title) && /complet/i.test(title))) return undefined;
		return {
			code: 'PAYMENT_NOT_COMPLETABLE',
			status: 422,
			message:
				`${capitalize(paymentLabel(target))} cannot be completed: only payments with status "waiting for payment" ` +
				`or "expired" can be completed`,
			hint:
				'Check the payment with Payment → Get: it may already have been completed (by an earlier run, or by ' +
				'someone else), or cancelled.',
			detail,
			retry: 'never',
		};
	}
	if (target.kind === 'cancel' && /cancel/i.test(title)) {
		return {
			code: 'PAYMENT_NOT_CANCELLABLE',
			status: 422,
			message:
				`${capitalize(paymentLabel(target))} cannot be cancelled: only payments waiting for payment and not ` +
				`linked to a postpaid invoice can be cancelled`,
			hint: 'Check the payment with Payment → Get: it may already be paid or cancelled, or belong to a postpaid invoice.',
			detail,
			retry: 'never',
		};
	}
	return undefined;
}

export interface StatusEntry {
	code: string;
	message: string;
	hint: (target: RequestTarget) => string;
	retry?: ApiFailure['retry'];
}

/** HTTP statuses, as ActivePlatform's users meet them. */
export const STATUS_ERRORS: Record<number, StatusEntry> = {
	400: {
		code: 'BAD_REQUEST',
		message: 'ActivePlatform rejected the request',
		hint: (t) =>
			t.kind === 'list'
				? 'A filter, the sort field or a value is not accepted by this installation: the text below names it. ' +
					'Remove that filter or choose another sort field.'
				: 'A value is not accepted: the text below names it.',
	},
	401: {
		code: 'UNAUTHORIZED',
		message: 'ActivePlatform did not accept the API token',
		hint: () => tokenHint,
	},
	403: { code: 'FORBIDDEN', message: 'ActivePlatform refused access', hint: forbiddenHint },
	404: {
		code: 'NOT_FOUND',
		message: 'ActivePlatform found nothing at this address',
		hint: notFoundHint,
	},
	405: {
		code: 'METHOD_NOT_ALLOWED',
		message: 'This ActivePlatform installation does not offer this method',
		hint: () =>
			'The installation may run an older API version. Check the Base URL and the ActivePlatform version.',
	},
	406: {
		code: 'NOT_ACCEPTABLE',
		message: 'ActivePlatform cannot answer in application/vnd.api+json',
		hint: () =>
			'A proxy in front of the installation may change the Accept header. Check the Base URL.',
	},
	409: {
		code: 'CONFLICT',
		message: 'ActivePlatform reported a conflict',
		hint: () =>
			'The payment changed at the same time. Check it with Payment → Get before trying again.',
	},
	415: {
		code: 'UNSUPPORTED_MEDIA_TYPE',
		message: 'ActivePlatform refused the request format',
		hint: () =>
			'A proxy in front of the installation may change the Content-Type header. Check the Base URL.',
	},
	422: {
		code: 'UNPROCESSABLE_ENTITY',
		message: 'ActivePlatform refused the change',
		hint: unprocessableHint,
	},
	429: {
		code: 'TOO_MANY_REQUESTS',
		message: 'Too many requests to ActivePlatform',
		hint: () =>
			'The node waits and resends such requests by itself; this item waited longer than its limit. Raise "Rate ' +
			'Limit Handling → Max Wait", send fewer items per run, or set "Requests per Minute" in the credential.',
		retry: 'rateLimit',
	},
	500: {
		code: 'INTERNAL_SERVER_ERROR',
		message: 'ActivePlatform had an internal error',
		hint: (t) =>
			writeHint(
				t,
				'Try again later; if it keeps happening, contact the operator of the installation.',
			),
		retry: 'transient',
	},
	502: {
		code: 'BAD_GATEWAY',
		message: 'A proxy in front of ActivePlatform got no valid answer',
		hint: (t) => writeHint(t, 'Try again later.'),
		retry: 'transient',
	},
	// A 503 proves nothing about processing (a load balancer sends it after the backend did the
	// work as well as before): reads are resent, writes are not. Only a 429 is a refusal.
	503: {
		code: 'SERVICE_UNAVAILABLE',
		message: 'ActivePlatform is temporarily unavailable',
		hint: (t) =>
			writeHint(
				t,
				'Try again later; if it keeps happening, contact the operator of the installation.',
			),
		retry: 'transient',
	},
	504: {
		code: 'GATEWAY_TIMEOUT',
		message: 'ActivePlatform did not answer in time',
		hint: (t) => writeHint(t, 'Try again later.'),
		retry: 'transient',
	},
};

const WRITES = new Set([
	'create',
	'complete',
	'completeFromBalance',
	'completeByDocument',
	'cancel',
]);

/** After a failure that may have been processed, a write must be checked, not blindly repeated. */
export function writeHint(target: RequestTarget, base: string): string {
	return WRITES.has(target.kind)
		? `${base} The change may or may not have been made: check ${paymentLabel(target)} (Payment → Get, or Get ` +
				`Many) before running it again.`
		: base;
}

/** Status values in the platform's own words (Operator guide), for messages. */
export const STATUS_WORDS: Record<string, string> = {
	waiting_for_payment: 'waiting for payment',
	expired: 'expired',
	processing: 'processing',
	receipt_creating: 'receipt creating',
	receipt_sent: 'receipt sent',
	pending_billing: 'pending billing',
	completed: 'completed',
	paid_from_balance: 'paid from balance',
	cancelled: 'cancelled',
};

export function statusHint(status: string, action: 'complete' | 'cancel' | 'pay'): string {
	switch (status) {
		case 'completed':
		case 'paid_from_balance':
			return action === 'cancel'
				? 'A paid payment cannot be cancelled.'
				: 'The payment is already paid (possibly by an earlier run, or by someone else): there is nothing left to ' +
						'complete.';
		case 'cancelled':
			return action === 'cancel'
				? 'The payment is already cancelled: there is nothing left to do.'
				: 'A cancelled payment cannot be completed. If money was received, create a new payment (Payment → Create) ' +
						'and complete that one.';
		case 'processing':
			return 'A payment gateway is processing it: wait until it finishes, then check it with Payment → Get.';
		case 'receipt_creating':
		case 'receipt_sent':
			return 'A manager is handling a receipt for it: finish that in the Operator Control Panel.';
		case 'expired':
			return action === 'complete'
				? 'Expired payments can be completed by ID or document number; check the other values of this item.'
				: 'An expired payment can no longer be paid from balance or cancelled; it can still be completed.';
		case 'waiting_for_payment':
			return action === 'cancel'
				? 'It is waiting for payment but linked to a postpaid invoice, which cannot be cancelled.'
				: 'It is waiting for payment, so the refusal has another reason: the ActivePlatform text below names it.';
		default:
			return 'Check the payment with Payment → Get.';
	}
}
