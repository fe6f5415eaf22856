import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { jsonBody } from '../../../shared/operations';
import { resultAsItem } from '../../transport/output';
import { invoiceTarget, invoiceTargetFields } from './invoice';

/** Pay System → Get Invoice Settings (Legacy) (sale.paysystem.settings.invoice.get). */

export const spec: OperationSpec = {
	name: 'Get Invoice Settings (Legacy)',
	value: 'getInvoiceSettings',
	action: 'Get the settings of a pay system for a legacy invoice',
	description:
		'Settings resolved for a legacy CRM invoice (sale.paysystem.settings.invoice.get, ' +
		'deprecated by Bitrix24)',
	method: 'POST',
	url: 'sale.paysystem.settings.invoice.get',
	kind: 'read',
	batch: true,
	build: jsonBody(function (this: ItemFunctions) {
		return invoiceTarget(this);
	}),
	output: [resultAsItem],
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['paySystem'], operation: ['getInvoiceSettings'] } },
	invoiceTargetFields,
);
