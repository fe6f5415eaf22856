import type { IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { jsonBody, operation } from '../../../shared/routing';
import { positiveId } from '../../../shared/validation';
import { resultAsSuccess } from '../../transport';
import { invoiceTarget } from '../paySystem';

/** Payment: mark order payments (and legacy invoices) paid. */

const show = (operations: string[], extra: Record<string, string[]> = {}) => ({
	show: { resource: ['payment'], operation: operations, ...extra },
});

const pay = jsonBody(function (this: IExecuteSingleFunctions) {
	return {
		PAYMENT_ID: positiveId(this, 'Payment ID', this.getNodeParameter('paymentId', '')),
		PAY_SYSTEM_ID: positiveId(this, 'Pay System ID', this.getNodeParameter('paySystemId', '')),
	};
});

const payInvoice = jsonBody(function (this: IExecuteSingleFunctions) {
	return invoiceTarget(this);
});

export const paymentOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['payment'] } },
	default: 'pay',
	options: [
		operation({
			name: 'Pay',
			value: 'pay',
			action: 'Mark a payment paid',
			description: 'Mark an order payment paid through a pay system (sale.paysystem.pay.payment)',
			method: 'POST',
			url: 'sale.paysystem.pay.payment',
			build: pay,
			output: [resultAsSuccess],
		}),
		operation({
			name: 'Pay Invoice (Legacy)',
			value: 'payInvoice',
			action: 'Mark a legacy invoice paid',
			description: 'Mark a legacy CRM invoice paid (sale.paysystem.pay.invoice, deprecated by Bitrix24)',
			method: 'POST',
			url: 'sale.paysystem.pay.invoice',
			build: payInvoice,
			output: [resultAsSuccess],
		}),
	],
};

export const paymentFields: INodeProperties[] = [
	{
		displayName: 'Payment ID',
		name: 'paymentId',
		type: 'number',
		default: 0,
		required: true,
		displayOptions: show(['pay']),
		description: 'ID of the order payment (sale.payment.list; in Checkout mode BX_SYSTEM_PARAMS.PAYMENT_ID)',
	},
	{
		displayName: 'Pay System ID',
		name: 'paySystemId',
		type: 'number',
		default: 0,
		required: true,
		displayOptions: show(['pay']),
		description: 'ID of the pay system the payment is attached to (in Checkout mode BX_SYSTEM_PARAMS.PAYSYSTEM_ID)',
	},
	{
		displayName: 'Invoice ID',
		name: 'invoiceId',
		type: 'number',
		default: 0,
		required: true,
		displayOptions: show(['payInvoice']),
		description: 'ID of the legacy CRM invoice (crm.invoice.*)',
	},
	{
		displayName: 'Identify Pay System By',
		name: 'identifyPaySystemBy',
		type: 'options',
		default: 'id',
		displayOptions: show(['payInvoice']),
		options: [
			{ name: 'Pay System ID', value: 'id' },
			{ name: 'Handler Code', value: 'handlerCode', description: 'The first pay system that uses this handler' },
		],
	},
	{
		displayName: 'Pay System ID',
		name: 'paySystemId',
		type: 'number',
		default: 0,
		required: true,
		displayOptions: show(['payInvoice'], { identifyPaySystemBy: ['id'] }),
	},
	{
		displayName: 'Handler Code',
		name: 'handlerCode',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show(['payInvoice'], { identifyPaySystemBy: ['handlerCode'] }),
		description: 'BX_REST_HANDLER: code of the REST handler',
	},
];
