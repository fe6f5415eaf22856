import type {
	IDataObject,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { asObject, isBlank } from '../../../shared/json';
import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { jsonBody } from '../../../shared/operations';
import { finiteNumber } from '../../../shared/validation';
import { readId } from '../locators';
import { paymentIdField, paySystemIdField } from '../paySystem/fields';

/** Payment → Pay (sale.paysystem.pay.payment). */

/**
 * What a pay call may record on the payment besides "paid": the payment service's own data, which
 * the portal stores when given and not empty (RestHandler::getPsData, modules/sale/lib/paysystem/
 * resthandler.php). [field, option name, API name, description]
 */
const PAYMENT_SYSTEM_DATA: Array<[string, string, string, string]> = [
	['Card Number', 'cardNumber', 'PS_CARD_NUMBER', 'The (masked) card number the buyer paid with'],
	[
		'External Payment ID',
		'externalPaymentId',
		'PS_INVOICE_ID',
		"The payment's ID at the payment service; Bitrix24 shows it on the payment",
	],
	['Paid Currency', 'paidCurrency', 'PS_CURRENCY', 'Currency of the paid sum, e.g. RUB'],
	['Paid Sum', 'paidSum', 'PS_SUM', 'The sum the payment service received'],
	['Recurring Token', 'recurringToken', 'PS_RECURRING_TOKEN', 'Token for repeat payments'],
	[
		'Status Code',
		'statusCode',
		'PS_STATUS_CODE',
		"The payment service's status code (Y when empty)",
	],
	['Status Description', 'statusDescription', 'PS_STATUS_DESCRIPTION', 'Text about the status'],
	['Status Message', 'statusMessage', 'PS_STATUS_MESSAGE', "The payment service's message"],
];

function payBody(this: ItemFunctions): IDataObject {
	const body: IDataObject = {
		PAYMENT_ID: readId(this, 'paymentId', 'Payment ID'),
		PAY_SYSTEM_ID: readId(this, 'paySystemId', 'Pay System'),
	};
	const data = this.getNodeParameter('paymentSystemData', {}) as IDataObject;
	for (const [label, option, key] of PAYMENT_SYSTEM_DATA) {
		const value = data[option];
		if (isBlank(value)) continue;
		body[key] =
			option === 'paidSum'
				? finiteNumber(this, `Payment System Data → ${label}`, value)
				: String(value).trim();
	}
	return body;
}

const build = jsonBody(payBody);

/** `{success, paymentId, paySystemId}`: two paid items say which payments they were. */
async function paid(
	this: ItemFunctions,
	items: INodeExecutionData[],
	_response: IN8nHttpFullResponse,
	request?: IHttpRequestOptions,
) {
	// The body the item's build step made (no second evaluation of the item's expressions).
	const body = asObject(request?.body) ?? payBody.call(this);
	const [paymentId, paySystemId] = [body.PAYMENT_ID, body.PAY_SYSTEM_ID];
	return items.map((item) => ({
		json: { success: item.json.result === true, paymentId, paySystemId },
	}));
}

export const spec: OperationSpec = {
	name: 'Pay',
	value: 'pay',
	action: 'Mark a payment paid',
	description:
		'Mark an order payment paid through a pay system (sale.paysystem.pay.payment). Bitrix24 ' +
		'answers once it has accepted the call; a paid payment stays paid (never paid twice), and ' +
		'a repeat overwrites the Payment System Data.',
	method: 'POST',
	url: 'sale.paysystem.pay.payment',
	kind: 'write',
	batch: true,
	build,
	output: [paid],
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['payment'], operation: ['pay'] } },
	[
		paymentIdField,
		paySystemIdField,
		{
			displayName: 'Payment System Data',
			name: 'paymentSystemData',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description:
				'What the payment service reported, stored on the payment (PS_* fields). A repeated call ' +
				'overwrites them; the payment itself is paid once.',
			options: PAYMENT_SYSTEM_DATA.map(([displayName, name, key, description]) => ({
				displayName,
				name,
				type: name === 'paidSum' ? ('number' as const) : ('string' as const),
				default: name === 'paidSum' ? 0 : '',
				description: `${description} (${key})`,
			})),
		},
	],
);
