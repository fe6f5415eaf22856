import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ItemFunctions } from '../../../shared/operations';

import { resourceOperations } from '../../../shared/operations';
import { requiredText } from '../../../shared/validation';
import { build, customerFields, LANGUAGE_OPTIONS } from '../../fields';
import { confirmationResult } from '../../transport';
import { customer } from '../../values';

/**
 * Payment Confirmation: the guarantee flow (docs/merchant/guarantee/*). The shop confirms an
 * order's payment itself with an instrument such as a guarantee fund: Validate → Send Code →
 * the payer types the code → Pay. Every outcome is a 2xx answer whose `result` says what
 * happened; the node passes it on as fields to branch on, not as an error.
 */

const show = (operations: string[]) => ({ resource: ['paymentConfirmation'], operation: operations });
const ALL = ['validate', 'sendCode', 'pay'];

function payer(ctx: ItemFunctions): IDataObject {
	const body: IDataObject = {
		paymentMethodId: requiredText(ctx, 'Payment Method ID', ctx.getNodeParameter('paymentMethodId', '')),
	};
	const language = ctx.getNodeParameter('languageId', '') as string;
	if (language) body.languageId = language;
	body.customer = customer(ctx);
	return body;
}

const check = build({
	orderId: true,
	body(this: ItemFunctions) {
		return payer(this);
	},
});

const pay = build({
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
});

const action = (name: string) => `/billing/api/order/{orderId}/payment-method-action/${name}`;

export const paymentConfirmationOperations = resourceOperations('paymentConfirmation', 'validate', [
	{
		name: 'Pay',
		value: 'pay',
		action: 'Confirm the payment of an order with the payer s code',
		description:
			'Confirm the payment with the code the payer received (result: success, alreadyPaid, wrongCode, limitReached, notEnoughMoney or error)',
		method: 'POST',
		url: action('pay'),
		kind: 'write',
		build: pay,
		output: [confirmationResult],
	},
	{
		name: 'Send Code',
		value: 'sendCode',
		action: 'Send a confirmation code to the payer',
		description: 'Send the payer a confirmation code (result: success, codeAlreadySent or error; gives the Public Code for Pay)',
		method: 'POST',
		url: action('send-code'),
		kind: 'write',
		build: check,
		output: [confirmationResult],
	},
	{
		name: 'Validate',
		value: 'validate',
		action: 'Check whether the payment can be confirmed',
		description: 'Check that the payer can confirm the payment (result: available, notEnoughMoney or notRegistered)',
		method: 'POST',
		url: action('validate'),
		kind: 'read',
		build: check,
		output: [confirmationResult],
	},
]);

export const paymentConfirmationFields: INodeProperties[] = [
	// Order ID: defined with Order's (resources/order).
	{
		displayName: 'Payment Method ID',
		name: 'paymentMethodId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '39363265',
		displayOptions: { show: show(ALL) },
		description: 'ID of the confirmation instrument (guarantee fund, promised payment, overdraft), as agreed with Invoicebox',
	},
	{
		displayName: 'Public Code',
		name: 'publicCode',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: show(['pay']) },
		description: 'The public code Send Code returned (its publicCode field)',
	},
	{
		displayName: 'Code',
		name: 'code',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: show(['pay']) },
		description: 'The code the payer received and typed in',
	},
	{
		displayName: 'Payer Language',
		name: 'languageId',
		type: 'options',
		default: '',
		displayOptions: { show: show(ALL) },
		options: LANGUAGE_OPTIONS,
		description: 'Language of the messages to the payer',
	},
	...customerFields(show(ALL)),
];
