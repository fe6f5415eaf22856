import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { jsonBody } from '../../../shared/operations';
import { positiveId } from '../../../shared/validation';
import { resultAsItem } from '../../transport/output';
import { paymentIdField, paySystemIdField } from './fields';

/** Pay System → Get Payment Settings (sale.paysystem.settings.payment.get). */

export const spec: OperationSpec = {
	name: 'Get Payment Settings',
	value: 'getPaymentSettings',
	action: 'Get the settings of a pay system for a payment',
	description: 'Settings resolved for one payment (sale.paysystem.settings.payment.get)',
	method: 'POST',
	url: 'sale.paysystem.settings.payment.get',
	kind: 'read',
	batch: true,
	build: jsonBody(function (this: ItemFunctions) {
		return {
			PAYMENT_ID: positiveId(this, 'Payment ID', this.getNodeParameter('paymentId', '')),
			PAY_SYSTEM_ID: positiveId(this, 'Pay System ID', this.getNodeParameter('paySystemId', '')),
		};
	}),
	output: [resultAsItem],
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['paySystem'], operation: ['getPaymentSettings'] } },
	[paymentIdField, paySystemIdField],
);
