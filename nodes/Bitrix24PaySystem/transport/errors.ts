/**
 * Every error code the Bitrix24 reference documents for the `sale.paysystem.*` family
 * (https://apidocs.bitrix24.com/api-reference/pay-system/) and the system errors any method can
 * return (https://apidocs.bitrix24.com/api-reference/common/system-errors.html), checked against
 * the codes the portal's own RestService throws (modules/sale/lib/paysystem/restservice.php), with
 * what each means in plain words and what the user should do.
 */

export interface BitrixErrorEntry {
	/** Documented HTTP status (the one the sandbox answers with). */
	status: number;
	message: string;
	/** A hint; may depend on the method that failed. */
	hint: string | ((method: string) => string);
	retry?: 'rateLimit' | 'transient';
}

const adminRights =
	'Handlers and pay systems can be changed only by a CRM administrator with "Allow changing ' +
	'settings": create the webhook as such a user.';
const orderRights =
	"The webhook's user needs the right to create and edit orders (payments) in the CRM.";
const invoiceRights = "The webhook's user needs the right to create and edit invoices in the CRM.";

/** Who may call what (RestService's AccessChecker and checkOrderPermission / checkInvoicePermission). */
function rightsFor(method: string): string {
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

function checkFailureHint(method: string): string {
	switch (method) {
		case 'sale.paysystem.pay.payment':
		case 'sale.paysystem.settings.payment.get':
			return (
				'Check Payment ID and Pay System ID: the payment must exist and be attached to that pay ' +
				'system (the pay system must exist too).'
			);
		case 'sale.paysystem.settings.get':
		case 'sale.paysystem.settings.update':
			return 'Check the Pay System ID (it must exist) and Person Type ID (0 for default settings).';
		case 'sale.paysystem.handler.add':
			return (
				'Name, Code and Settings are required, and Settings need Parameter Codes and one mode ' +
				'(Form, Checkout or IFrame) with an Action URI.'
			);
		default:
			return (
				'A required field is missing or one of the values is not accepted: check the fields named ' +
				'in the Bitrix24 text below.'
			);
	}
}

export const BITRIX_ERRORS: Record<string, BitrixErrorEntry> = {
	// System errors (any method)
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
		message: 'The webhook does not have the pay_system scope',
		hint:
			'In Bitrix24 open Developer resources → Other → Incoming webhook, edit this webhook, tick ' +
			'the "Payment systems (pay_system)" permission and save. The URL stays the same.',
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

	// sale.paysystem.* method errors
	ERROR_CHECK_FAILURE: {
		status: 400,
		message: 'Bitrix24 rejected a field value',
		hint: checkFailureHint,
	},
	ERROR_HANDLER_ALREADY_EXIST: {
		status: 400,
		message: 'A payment handler with this code already exists',
		hint: (method) =>
			method === 'sale.paysystem.handler.update'
				? 'Another handler already has this Code: handler codes must be unique on the portal ' +
					'(Handler → Get Many lists the codes in use).'
				: 'Handler codes must be unique on the portal: choose another Code, or change the existing ' +
					'handler with Handler → Update (Handler → Get Many lists the codes in use).',
	},
	ERROR_HANDLER_ADD: {
		status: 400,
		message: 'Bitrix24 could not add the handler',
		hint: 'See the Bitrix24 text below for the reason; check the settings (modes, Action URI, parameter codes).',
	},
	ERROR_HANDLER_NOT_FOUND: {
		status: 400,
		message: 'No such payment handler',
		hint: (method) =>
			method === 'sale.paysystem.settings.update'
				? 'Bitrix24 also answers this when Settings is empty: add at least one setting.'
				: method === 'sale.paysystem.add' || method === 'sale.paysystem.update'
					? 'Check the Handler Code (BX_REST_HANDLER): it must be the Code of a handler registered on ' +
						'this portal (Handler → Get Many lists them). Older Bitrix24 releases also answer this on ' +
						'Update when Handler Code is not given.'
					: 'Check the Handler ID (Handler → Get Many lists the handlers and their IDs).',
	},
	ERROR_HANDLER_UPDATE: {
		status: 400,
		message: 'Bitrix24 could not update the handler',
		hint: 'See the Bitrix24 text below for the reason.',
	},
	ERROR_HANDLER_DELETE: {
		status: 400,
		message: 'Bitrix24 could not delete the handler',
		hint: 'See the Bitrix24 text below for the reason.',
	},
	ERROR_PAY_SYSTEM_DELETE: {
		status: 400,
		message: 'The handler is still in use',
		hint:
			'Delete the pay systems that use this handler first (Pay System → Get Many with a filter ' +
			'on ACTION_FILE = the handler code), then delete the handler.',
	},
	ERROR_PAY_SYSTEM_ADD: {
		status: 400,
		message: 'Bitrix24 could not add the pay system',
		hint: 'See the Bitrix24 text below for the reason.',
	},
	ERROR_PERSON_TYPE_NOT_FOUND: {
		status: 400,
		message: 'No such payer type',
		hint:
			'Check Person Type ID: it must exist (sale.persontype.list) and belong to the same Entity ' +
			'Registry Type as the pay system (ORDER, CRM_INVOICE or CRM_QUOTE). Older Bitrix24 ' +
			'releases also answer this on Update when Person Type ID is not given.',
	},
	ERROR_PAY_SYSTEM_NOT_FOUND: {
		status: 400,
		message: 'No such pay system',
		hint: 'Check the Pay System ID (Pay System → Get Many lists them).',
	},
	ERROR_INTERNAL_ORDER_NOT_FOUND: {
		status: 400,
		message: "The payment's order was not found",
		hint: 'The payment exists but its order does not: check the Payment ID.',
	},
	ERROR_PROCESS_REQUEST_RESULT: {
		status: 400,
		message: 'The pay system could not process the payment',
		hint: (method) =>
			method === 'sale.paysystem.pay.invoice'
				? 'The pay system must be one for legacy invoices (Entity Registry Type CRM_INVOICE); ' +
					'otherwise see the Bitrix24 text below (a cancelled invoice cannot be paid).'
				: 'See the Bitrix24 text below for the reason: a payment of a cancelled order, or one whose ' +
					'order is gone, cannot be paid. Check the order in Bitrix24 before running it again.',
	},
	// RestService's constant is named ERROR_PAY_INVOICE_NOT_SUPPORTED; the code it sends is this
	// (the documentation's spelling is recognised too, see ALIASES).
	ERROR_INVOICE_NO_SUPPORTED: {
		status: 400,
		message: 'This portal does not support paying legacy invoices',
		hint:
			'Pay Invoice works only with legacy CRM invoices (crm.invoice.*). For new CRM invoices use ' +
			'Payment → Pay with the invoice payment ID.',
	},
	ERROR_INTERNAL_INVOICE_NOT_FOUND: {
		status: 400,
		message: 'No such legacy invoice',
		hint: 'Check the Invoice ID: it must be a legacy CRM invoice (crm.invoice.*).',
	},
};

/** Other spellings of a code: the documentation's name of a constant whose value differs. */
const ALIASES: Record<string, string> = {
	ERROR_PAY_INVOICE_NOT_SUPPORTED: 'ERROR_INVOICE_NO_SUPPORTED',
};

/** Looks a code up the way Bitrix24 writes it: trimmed, case-insensitive. */
export function bitrixError(code: string): BitrixErrorEntry | undefined {
	const key = code.trim().toUpperCase();
	return BITRIX_ERRORS[ALIASES[key] ?? key];
}
