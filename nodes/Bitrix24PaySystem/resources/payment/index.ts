import type { ItemFunctions } from '../../../shared/operations';
import { jsonBody, resourceOperations } from '../../../shared/operations';
import { positiveId } from '../../../shared/validation';
import { resultAsSuccess } from '../../transport';
import { invoiceTarget } from '../paySystem';

/** Payment: mark order payments (and legacy invoices) paid. */

const pay = jsonBody(function (this: ItemFunctions) {
	return {
		PAYMENT_ID: positiveId(this, 'Payment ID', this.getNodeParameter('paymentId', '')),
		PAY_SYSTEM_ID: positiveId(this, 'Pay System ID', this.getNodeParameter('paySystemId', '')),
	};
});

const payInvoice = jsonBody(function (this: ItemFunctions) {
	return invoiceTarget(this);
});

export const paymentOperations = resourceOperations('payment', 'pay', [
	{
		name: 'Pay',
		value: 'pay',
		action: 'Mark a payment paid',
		description: 'Mark an order payment paid through a pay system (sale.paysystem.pay.payment)',
		method: 'POST',
		url: 'sale.paysystem.pay.payment',
		kind: 'write',
		batch: true,
		build: pay,
		output: [resultAsSuccess],
	},
	{
		name: 'Pay Invoice (Legacy)',
		value: 'payInvoice',
		action: 'Mark a legacy invoice paid',
		description: 'Mark a legacy CRM invoice paid (sale.paysystem.pay.invoice, deprecated by Bitrix24)',
		method: 'POST',
		url: 'sale.paysystem.pay.invoice',
		kind: 'write',
		batch: true,
		build: payInvoice,
		output: [resultAsSuccess],
	},
]);

// Payment ID, Pay System ID, Invoice ID, Identify Pay System By and Handler Code are shared with
// Pay System: resources/shared.ts.
