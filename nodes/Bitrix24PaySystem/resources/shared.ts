import type { INodeProperties } from 'n8n-workflow';

import { pagingFields } from '../../shared/operations';

/**
 * Fields that operations of several resources share, each defined ONCE for the whole node and
 * shown for every operation that uses it (instead of one definition per resource).
 *
 * Why once: for every input item, n8n's declarative engine (RoutingNode, n8n 2.41) resolves the
 * value of every top-level property of the description under that property's name, shown or
 * not, and does it twice (a second pass checks the base URL's domain). A field defined four
 * times makes a user's `{{ $json.paySystemId }}` run eight times per item in n8n's expression
 * sandbox, at about 0.7 ms each. With one definition per name, Payment → Pay evaluates each of
 * its two expressions three times (the engine's two passes and the body's build step), fewer
 * than a minimal declarative node that maps the same fields with `routing.send` (four).
 * Measured with `npm run bench` (2,000 calls answered at once, median of 3 rounds): 1.79× the
 * time of that minimal node before (paymentId defined twice, paySystemId four times), 0.80× after.
 *
 * They sit after the Pay System create fields so that every form reads in order: Invoice ID →
 * Identify Pay System By → Pay System ID or Handler Code; Payment ID → Pay System ID; Pay System
 * ID first for the other Pay System operations.
 */

const TARGETS = ['paySystem', 'payment'];

export const targetFields: INodeProperties[] = [
	{
		displayName: 'Invoice ID',
		name: 'invoiceId',
		type: 'number',
		default: 0,
		required: true,
		displayOptions: { show: { resource: TARGETS, operation: ['getInvoiceSettings', 'payInvoice'] } },
		description: 'ID of the legacy CRM invoice (crm.invoice.*)',
	},
	{
		displayName: 'Identify Pay System By',
		name: 'identifyPaySystemBy',
		type: 'options',
		default: 'id',
		displayOptions: { show: { resource: TARGETS, operation: ['getInvoiceSettings', 'payInvoice'] } },
		options: [
			{ name: 'Pay System ID', value: 'id' },
			{ name: 'Handler Code', value: 'handlerCode', description: 'The first pay system that uses this handler' },
		],
	},
	{
		displayName: 'Payment ID',
		name: 'paymentId',
		type: 'number',
		default: 0,
		required: true,
		displayOptions: { show: { resource: TARGETS, operation: ['getPaymentSettings', 'pay'] } },
		description: 'ID of the order payment (sale.payment.list; in Checkout mode BX_SYSTEM_PARAMS.PAYMENT_ID)',
	},
	{
		displayName: 'Pay System ID',
		name: 'paySystemId',
		type: 'number',
		default: 0,
		required: true,
		displayOptions: {
			show: {
				resource: TARGETS,
				operation: ['update', 'delete', 'getSettings', 'updateSettings', 'getPaymentSettings', 'getInvoiceSettings', 'pay', 'payInvoice'],
			},
			// n8n checks visibility against every parameter's default too: Identify Pay System By
			// is "id" wherever it is not shown, so only Handler Code hides this field. (A workflow
			// written by hand with a leftover "handlerCode" there on another operation gets "Pay
			// System ID is required": the editor never saves such a leftover.)
			hide: { identifyPaySystemBy: ['handlerCode'] },
		},
		description:
			'ID of the pay system (from Pay System → Create or Get Many; in Checkout mode BX_SYSTEM_PARAMS.PAYSYSTEM_ID)',
	},
	{
		displayName: 'Handler Code',
		name: 'handlerCode',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { resource: TARGETS, operation: ['getInvoiceSettings', 'payInvoice'], identifyPaySystemBy: ['handlerCode'] } },
		description: 'BX_REST_HANDLER: code of the REST handler',
	},
];

/** Get Many of handlers and pay systems. */
export const listFields = pagingFields({ resource: ['handler', 'paySystem'], operation: ['getAll'] });
