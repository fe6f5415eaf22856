import type { BitrixErrorEntry } from './errors';

/**
 * The system errors any Bitrix24 method can return
 * (https://apidocs.bitrix24.com/api-reference/common/system-errors.html), and who may call what.
 */

const adminRights =
	'Handlers and pay systems can be changed only by a CRM administrator with "Allow changing ' +
	'settings": create the webhook as such a user.';
const orderRights =
	"The webhook's user needs the right to create and edit orders (payments) in the CRM.";
const invoiceRights = "The webhook's user needs the right to create and edit invoices in the CRM.";

/** Who may call what (RestService's AccessChecker and checkOrderPermission / checkInvoicePermission). */
export function rightsFor(method: string): string {
	if (
		method.startsWith('sale.paysystem.pay.invoice') ||
		method.startsWith('sale.paysystem.settings.invoice')
	) {
		return invoiceRights;
	}
	if (
		method.startsWith('sale.paysystem.pay.') ||
		method.startsWith('sale.paysystem.settings.payment')
	) {
		return orderRights;
	}
	return (
		`${adminRights} This includes the reads (Get Many, Get Settings). Pay systems that do not ` +
		`use a REST handler (cash, built-in handlers), or whose handler's Code was changed, cannot ` +
		`be read or changed through sale.paysystem.* at all; nor can a handler or pay system ` +
		`another application registered.`
	);
}

export const SYSTEM_ERRORS: Record<string, BitrixErrorEntry> = {
	INTERNAL_SERVER_ERROR: {
		status: 500,
		message: 'Bitrix24 had an internal error',
		hint: 'Try again later. If it keeps happening, contact the portal administrator or Bitrix24 support.',
		retry: 'transient',
	},
	ERROR_UNEXPECTED_ANSWER: {
		status: 500,
		message: 'Bitrix24 could not complete the request',
		hint: 'Try again later. If it keeps happening, contact the portal administrator or Bitrix24 support.',
	},
	QUERY_LIMIT_EXCEEDED: {
		status: 503,
		message: 'Too many requests to the Bitrix24 portal',
		hint:
			'The node waits and resends such requests by itself; this item waited longer than its ' +
			'limit. Raise "Rate Limit Handling → Max Wait" or send fewer items per run.',
		retry: 'rateLimit',
	},
	OPERATION_TIME_LIMIT: {
		status: 429,
		message: 'This Bitrix24 method used up its execution-time budget for now',
		hint:
			'Bitrix24 blocks a method for a few minutes when it has run too long in total. The node ' +
			'waits and resends; raise "Rate Limit Handling → Max Wait" or spread the work over time.',
		retry: 'rateLimit',
	},
	OVERLOAD_LIMIT: {
		status: 503,
		message: 'Bitrix24 has blocked the REST API of this portal for overload',
		hint: 'This is a manual block by Bitrix24: contact Bitrix24 support to lift it. Waiting will not help.',
	},
	ERROR_BATCH_METHOD_NOT_ALLOWED: {
		status: 405,
		message: 'This method cannot be called inside a batch',
		hint: 'Call the method on its own, not through batch.',
	},
	ERROR_BATCH_LENGTH_EXCEEDED: {
		status: 400,
		message: 'A batch call had more than 50 commands',
		hint: 'Split the work into batches of at most 50 commands.',
	},
	NO_AUTH_FOUND: {
		status: 401,
		message: 'Bitrix24 did not accept the webhook',
		hint:
			'The user ID or the secret code in the Webhook URL is wrong, or the webhook was deleted or ' +
			'has expired. Copy the URL again from Developer resources → Other → Incoming webhook and ' +
			'update the credential.',
	},
	EXPIRED_TOKEN: {
		status: 401,
		message: 'The Bitrix24 access token has expired',
		hint:
			'Incoming webhooks do not expire by token; if the webhook has an expiry date, create a new ' +
			'webhook and update the credential.',
	},
	INVALID_REQUEST: {
		status: 400,
		message: 'Bitrix24 requires HTTPS',
		hint: 'Use the https:// address of the portal in the Webhook URL.',
	},
	ACCESS_DENIED: {
		status: 403,
		message: 'Bitrix24 denied access',
		hint: (method) =>
			`${rightsFor(method)} If no call works at all: the REST API is available only on commercial Bitrix24 plans.`,
	},
	INVALID_CREDENTIALS: {
		status: 403,
		message: "The webhook's user lacks the permissions for this method",
		hint: (method) => rightsFor(method),
	},
	INSUFFICIENT_SCOPE: {
		status: 403,
		message: 'The webhook lacks the permission (scope) this method needs',
		hint: (method) =>
			'In Bitrix24 open Developer resources → Other → Incoming webhook, edit this webhook, tick ' +
			(method.startsWith('sale.paysystem.')
				? 'the "Payment systems (pay_system)" permission'
				: 'the "Online store (sale)" permission (lists of payer types need it)') +
			' and save. The URL stays the same.',
	},
	USER_ACCESS_ERROR: {
		status: 403,
		message: 'The Bitrix24 application is restricted to other users',
		hint: 'Ask the portal administrator to give this user access to the application.',
	},
	ERROR_MANIFEST_IS_NOT_AVAILABLE: {
		status: 404,
		message: 'The Bitrix24 manifest is not available',
		hint: 'This is a portal-side problem; contact the portal administrator.',
	},
	PORTAL_DELETED: {
		status: 500,
		message: 'The Bitrix24 portal is deleted or its public part is closed',
		hint:
			'Check the portal address. On an on-premise portal, turn off "Temporary closure of the ' +
			'public part of the site" in the Main module settings.',
	},
	WRONG_AUTH_TYPE: {
		status: 403,
		message: 'This Bitrix24 method needs an application (OAuth), not a webhook',
		hint: 'Such methods cannot be called through an incoming webhook.',
	},
	ERROR_METHOD_NOT_FOUND: {
		status: 404,
		message: 'Bitrix24 does not know this method',
		hint:
			'The portal may lack the Online Store (sale) module or the plan may not include payment ' +
			'systems. Check the portal edition.',
	},
	PAYMENT_REQUIRED: {
		status: 402,
		message: 'The Bitrix24 application subscription has ended',
		hint: 'Renew the paid period of the application or the portal plan.',
	},
};
