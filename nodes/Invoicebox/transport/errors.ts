/**
 * The Invoicebox error dictionary (https://docs.invoicebox.ru/docs/dictionary/error/)
 * plus the answers the dictionary lists without a code (429, 500) and the few the node must
 * name itself, each with what it means in plain words and what the user should do.
 */

import type { ErrorEntry } from '../../shared/errors';

/** An entry of the catalogue (the shared shape). */
export type InvoiceboxErrorEntry = ErrorEntry;

/** Label for a 429 (the dictionary gives the status but no code). */
export const RATE_LIMIT_CODE = 'too_many_requests';
/** Label for a 500 without a code (the PHP SDK's words: "Internal server error"). */
export const SERVER_ERROR_CODE = 'internal_server_error';

const amounts =
	'Invoicebox checks every amount to the kopeck: for each basket row Total Amount = ' +
	'Quantity × Price, Total VAT = Total Amount − Quantity × Price Without VAT, and the ' +
	'order Amount and VAT Amount are the sums of the rows. Fix the numbers, or set "Round ' +
	'Policy" in Order Settings if your prices are rounded.';

function statusHint(operation: string): string {
	if (/DELETE \/billing\/api\/order\/order\//.test(operation)) {
		return (
			'Only orders that are not paid (status created) can be cancelled, and orders paid ' +
			'through Payment Confirmation (their payment goes back to the payer), never after ' +
			'Invoicebox has shipment information; for other paid orders create a refund (Refund → ' +
			'Create).'
		);
	}
	if (/PUT \/billing\/api\/order\/order\//.test(operation)) {
		return 'Only unpaid orders (status created) can be updated. Get the order to see its status.';
	}
	if (/\/status$/.test(operation)) {
		return (
			'Set Status works only for non-processable orders (created with Processable off, or in ' +
			'a shop without an active contract), and a final status (completed, canceled, expired) ' +
			'cannot be changed.'
		);
	}
	if (/refund/.test(operation)) {
		return (
			'Refunds are possible only for paid orders (status completed); cancel an unpaid order ' +
			'instead (Order → Cancel).'
		);
	}
	if (/payment-method-action/.test(operation)) {
		return (
			'Payment confirmation works only for orders waiting for payment (status created); this ' +
			'order is cancelled or expired.'
		);
	}
	if (/shipment/.test(operation)) {
		return 'Shipments can be registered only for paid orders (status completed).';
	}
	return "The operation is not allowed in the order's current status. Get the order to see its status.";
}

export const INVOICEBOX_ERRORS: Record<string, InvoiceboxErrorEntry> = {
	unauthorized: {
		status: 401,
		message: 'Invoicebox did not accept the API token',
		hint:
			'Check the token in the Invoicebox API credential (personal cabinet → Integration ' +
			'(API)) and that the API Prefix matches the shop: v3 for shops registered in the ' +
			'Invoicebox app or app.invoicebox.ru, l3 for Invoicebox.Business ' +
			'(business.invoicebox.ru).',
	},
	forbidden: {
		status: 403,
		message: 'Invoicebox denied access to this object',
		hint:
			'The token has no access to this shop or order: check the Merchant ID, and that the ' +
			'order belongs to a shop of this token.',
	},
	wrong_expiration_date: {
		status: 422,
		message: 'Invoicebox rejected the expiration date',
		hint: 'Expiration Date must be a date and time in the future (ATOM format, for example 2024-06-01T00:00:00+03:00).',
	},
	wrong_currency: {
		status: 422,
		message: 'Invoicebox rejected the currency',
		hint: 'Currency must be an ISO 4217 code the shop accepts (RUB, USD, EUR...).',
	},
	language_not_found: {
		status: 422,
		message: 'Invoicebox does not know this language',
		hint: 'Language must be ru or en.',
	},
	wrong_basket_item_total_amount: {
		status: 422,
		message: "A basket row's total amount does not add up",
		hint: `The row's Total Amount must equal Quantity × Price. ${amounts}`,
	},
	wrong_basket_item_total_vat_amount: {
		status: 422,
		message: "A basket row's VAT amount does not add up",
		hint: `The row's Total VAT must match its VAT rate. ${amounts}`,
	},
	wrong_basket_item_amount_wo_vat: {
		status: 422,
		message: "A basket row's price without VAT does not add up",
		hint:
			`Price Without VAT must be Price minus the VAT of the row's VAT rate (for RUS_VAT20: ` +
			`Price × 100 / 120). ${amounts}`,
	},
	wrong_total_amount: {
		status: 422,
		message: "The order amount is not the sum of the basket's rows",
		hint: `Amount must equal the sum of the rows' Total Amount (leave it empty and the node computes it). ${amounts}`,
	},
	wrong_total_vat_amount: {
		status: 422,
		message: "The order VAT amount is not the sum of the basket's rows",
		hint: `VAT Amount must equal the sum of the rows' Total VAT (leave it empty and the node computes it). ${amounts}`,
	},
	wrong_order_status: {
		status: 422,
		message: "Not possible in the order's current status",
		hint: statusHint,
	},
	merchant_order_id_duplicate: {
		status: 422,
		message: 'This Merchant Order ID is already used',
		hint:
			'Each order (and each refund) needs its own Merchant Order ID. If you are repeating an ' +
			'order that may already exist, look it up first (Order → Get Many with a Merchant ' +
			'Order ID filter) instead of creating it again.',
	},
	[RATE_LIMIT_CODE]: {
		status: 429,
		message: 'Too many requests to Invoicebox',
		hint:
			'Invoicebox allows 100 requests per 30 seconds per account by default. The node paces ' +
			'its requests and resends those refused for the limit; this item waited longer than ' +
			'its limit. Raise "Rate Limit Handling → Max Wait", send fewer items per run, or set ' +
			"the account's own limit in the credential.",
		retry: 'rateLimit',
	},
	[SERVER_ERROR_CODE]: {
		status: 500,
		message: 'Invoicebox had an internal error',
		hint:
			'Reads are retried by themselves. If this was a create, payment, refund or another ' +
			'change, it may or may not have been done: check it (Get / Get Many) before running it ' +
			'again. If it keeps happening, contact Invoicebox support with the request ID.',
		retry: 'transient',
	},
	// Not in the dictionary: answers for a path or object that does not exist.
	not_found: {
		status: 404,
		message: 'Invoicebox found nothing at this address',
		hint:
			'Check the Order ID (an Invoicebox order UUID, not your own order number) and the API ' +
			'Prefix in the credential (v3 or l3).',
	},
};

/** Looks a code up the way Invoicebox writes it (lower-case snake case). */
export function invoiceboxError(code: string): InvoiceboxErrorEntry | undefined {
	const key = code.trim().toLowerCase();
	return Object.prototype.hasOwnProperty.call(INVOICEBOX_ERRORS, key)
		? INVOICEBOX_ERRORS[key]
		: undefined;
}
