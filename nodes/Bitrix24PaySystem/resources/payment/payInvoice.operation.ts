import type {
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { jsonBody } from '../../../shared/operations';
import { invoiceTarget, invoiceTargetFields } from '../paySystem/invoice';
import { asObject } from '../../../shared/json';

/**
 * Payment → Pay Invoice (Legacy) (sale.paysystem.pay.invoice): only through a pay system for
 * legacy invoices (ENTITY_REGISTRY_TYPE CRM_INVOICE).
 */

/** `{success, invoiceId, paySystemId | handlerCode}`: which invoice, through what. */
async function paid(
	this: ItemFunctions,
	items: INodeExecutionData[],
	_response: IN8nHttpFullResponse,
	request?: IHttpRequestOptions,
) {
	const target = asObject(request?.body) ?? invoiceTarget(this);
	return items.map((item) => ({
		json: {
			success: item.json.result === true,
			invoiceId: target.INVOICE_ID,
			...(target.PAY_SYSTEM_ID !== undefined
				? { paySystemId: target.PAY_SYSTEM_ID }
				: { handlerCode: target.BX_REST_HANDLER }),
		},
	}));
}

export const spec: OperationSpec = {
	name: 'Pay Invoice (Legacy)',
	value: 'payInvoice',
	action: 'Mark a legacy invoice paid',
	description:
		'Mark a legacy CRM invoice paid (sale.paysystem.pay.invoice, deprecated by Bitrix24)',
	method: 'POST',
	url: 'sale.paysystem.pay.invoice',
	kind: 'write',
	batch: true,
	build: jsonBody(function (this: ItemFunctions) {
		return invoiceTarget(this);
	}),
	output: [paid],
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['payment'], operation: ['payInvoice'] } },
	invoiceTargetFields,
);
