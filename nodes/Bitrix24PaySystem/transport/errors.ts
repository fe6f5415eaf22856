/**
 * Every error code the Bitrix24 reference documents for the `sale.paysystem.*` family
 * (https://apidocs.bitrix24.com/api-reference/pay-system/) and the system errors any method can
 * return (https://apidocs.bitrix24.com/api-reference/common/system-errors.html), checked against
 * the codes the portal's own RestService throws (modules/sale/lib/paysystem/restservice.php), with
 * what each means in plain words and what the user should do.
 */

import type { ErrorEntry } from '../../shared/errors';
import { SYSTEM_ERRORS } from './systemErrors';

/** An entry of the catalogue (the shared shape). */
export type BitrixErrorEntry = ErrorEntry;

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

/** The catalogue: system errors and the sale.paysystem.* methods' own codes. */
export const BITRIX_ERRORS: Record<string, BitrixErrorEntry> = {
	...SYSTEM_ERRORS,
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
	// The sale module's REST controllers (sale.persontype.list) answer numeric codes.
	'200040300010': {
		status: 400,
		message: "The webhook's user may not read the online store's settings",
		hint:
			'Payer types are read with sale.persontype.list, which needs at least read access to the ' +
			"Online Store (sale) module for the webhook's user. Give that right, or type the Person " +
			'Type ID by hand.',
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
