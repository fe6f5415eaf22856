import type { INodeProperties } from 'n8n-workflow';

import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { requiredText } from '../../../shared/validation';
import { build } from '../../values/request';
import { action, payer, payerForm } from './fields';
import { confirmationResult } from './result';

/** Pay with the code pair the payer received (https://docs.invoicebox.ru/docs/merchant/guarantee/). */
export const spec: OperationSpec = {
	name: 'Pay',
	value: 'pay',
	action: 'Confirm the payment of an order with the code the payer received',
	description:
		'Confirm the payment with the code the payer received (result: success, alreadyPaid, ' +
		'wrongCode, limitReached, notEnoughMoney or error)',
	method: 'POST',
	url: action('pay'),
	kind: 'write',
	build: build({
		orderId: true,
		body(this: ItemFunctions) {
			return {
				...payer(this),
				customerPaymentData: {
					publicCode: requiredText(this, 'Public Code', this.getNodeParameter('publicCode', '')),
					code: requiredText(this, 'Code', this.getNodeParameter('code', '')),
				},
			};
		},
	}),
	output: [confirmationResult],
};

export const fields: INodeProperties[] = payerForm('pay', [
	{
		displayName: 'Public Code',
		name: 'publicCode',
		type: 'string',
		default: '',
		required: true,
		description: 'The public code Send Code returned (its publicCode field)',
	},
	{
		displayName: 'Code',
		name: 'code',
		type: 'string',
		default: '',
		required: true,
		description: 'The code the payer received and typed in',
	},
]);
