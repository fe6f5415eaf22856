import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemFunctions } from '../../../shared/operations';
import { requiredText } from '../../../shared/validation';
import { LANGUAGE_OPTIONS, orderIdField } from '../../fields/common';
import { customerFields } from '../../fields/customer';
import { customer } from '../../values/customer';
import { build } from '../../values/request';

/** The payer and the instrument, which every step of the guarantee flow sends. */

export const paymentMethodField: INodeProperties = {
	displayName: 'Payment Method ID',
	name: 'paymentMethodId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '39363265',
	description:
		'ID of the confirmation instrument (guarantee fund, promised payment, overdraft), as agreed with Invoicebox',
};

const payerFields: INodeProperties[] = [
	{
		displayName: 'Payer Language',
		name: 'languageId',
		type: 'options',
		default: '',
		options: LANGUAGE_OPTIONS,
		description: 'Language of the messages to the payer',
	},
	...customerFields(),
];

export function payer(ctx: ItemFunctions): IDataObject {
	const body: IDataObject = {
		paymentMethodId: requiredText(
			ctx,
			'Payment Method ID',
			ctx.getNodeParameter('paymentMethodId', ''),
		),
	};
	const language = ctx.getNodeParameter('languageId', '') as string;
	if (language) body.languageId = language;
	body.customer = customer(ctx);
	return body;
}

export const action = (name: string) =>
	`/billing/api/order/{orderId}/payment-method-action/${name}`;

/** The request of Validate and Send Code: the order in the path, the payer in the body. */
export const payerRequest = build({
	orderId: true,
	body(this: ItemFunctions) {
		return payer(this);
	},
});

/** A step's form: the order, the instrument, `codeFields` (Pay's code pair), the payer. */
export function payerForm(
	operation: string,
	codeFields: INodeProperties[] = [],
): INodeProperties[] {
	return updateDisplayOptions(
		{ show: { resource: ['paymentConfirmation'], operation: [operation] } },
		[orderIdField(), paymentMethodField, ...codeFields, ...payerFields],
	);
}
