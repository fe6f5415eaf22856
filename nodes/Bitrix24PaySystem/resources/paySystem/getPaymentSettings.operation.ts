import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { jsonBody } from '../../../shared/operations';
import { resultAsItem } from '../../transport/output';
import { readId } from '../locators';
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
			PAYMENT_ID: readId(this, 'paymentId', 'Payment ID'),
			PAY_SYSTEM_ID: readId(this, 'paySystemId', 'Pay System'),
		};
	}),
	output: [resultAsItem],
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['paySystem'], operation: ['getPaymentSettings'] } },
	[paymentIdField, paySystemIdField],
);
