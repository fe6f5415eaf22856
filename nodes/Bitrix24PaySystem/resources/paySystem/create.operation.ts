import type { IDataObject, IN8nHttpFullResponse, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { asObject } from '../../../shared/json';
import type { AlreadyDone, ItemFunctions, OperationSpec } from '../../../shared/operations';
import { jsonBody } from '../../../shared/operations';
import { requiredText } from '../../../shared/validation';
import { differences, resultAsId, rowsOf } from '../../transport/output';
import { handlerCodeLocator, idLocator, readCode, readId } from '../locators';
import { activeField, commonOptional, paySystemFields } from './fields';
import { settingsValues, settingsValuesFields } from './settings';

/** Pay System → Create (sale.paysystem.add). */

const create = jsonBody(function (this: ItemFunctions) {
	// The required fields are checked as such: an expression that yields nothing must not drop them.
	const body: IDataObject = {
		NAME: requiredText(this, 'Name', this.getNodeParameter('name', '')),
		PERSON_TYPE_ID: readId(this, 'personTypeId', 'Person Type'),
		BX_REST_HANDLER: readCode(this, 'handlerCode', 'Handler Code'),
	};
	paySystemFields(this, this.getNodeParameter('additionalFields', {}) as IDataObject, body);
	const settings = settingsValues(this, false);
	if (settings) body.SETTINGS = settings;
	return body;
});

/**
 * "Treat Already Done as Success". Bitrix24 does not refuse a second pay system with the same
 * values, so with an External ID (XML_ID) the node first looks for a pay system that has it, and
 * one found stands for the creation when it is the one asked for (same name, handler and payer
 * type); one that differs is reported, and nothing is created. Without an External ID nothing
 * tells a repeat from a new pay system. (Equality on XML_ID means the same on every release.)
 */
const paySystemCreated: AlreadyDone = {
	check(request) {
		const body = asObject(request.body) ?? {};
		const xmlId = body.XML_ID;
		if (typeof xmlId !== 'string' || !xmlId) return undefined;
		const find = (response: IN8nHttpFullResponse) =>
			rowsOf(response.body).find((r) => r.XML_ID === xmlId);
		return {
			request: {
				method: 'POST',
				url: 'sale.paysystem.list',
				body: {
					FILTER: { '=XML_ID': xmlId },
					SELECT: ['ID', 'XML_ID', 'NAME', 'ACTION_FILE', 'PERSON_TYPE_ID'],
				},
			},
			body(response) {
				const row = find(response);
				return row ? { result: Number(row.ID) } : undefined;
			},
			mismatch(response) {
				const row = find(response);
				const asked = {
					NAME: body.NAME,
					ACTION_FILE: body.BX_REST_HANDLER,
					PERSON_TYPE_ID: body.PERSON_TYPE_ID,
				};
				const diff = row ? differences(row, asked) : undefined;
				return diff
					? `pay system ${String(row?.ID)} has External ID "${xmlId}" but differs (${diff}). ` +
							'Use another External ID for a new pay system.'
					: undefined;
			},
		};
	},
};

export const spec: OperationSpec = {
	name: 'Create',
	value: 'create',
	action: 'Create a pay system',
	description: 'Add a payment system that uses a REST handler (sale.paysystem.add)',
	method: 'POST',
	url: 'sale.paysystem.add',
	kind: 'write',
	batch: true,
	alreadyDone: paySystemCreated,
	build: create,
	output: [resultAsId],
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['paySystem'], operation: ['create'] } },
	[
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			required: true,
			description: 'Name of the payment system, as buyers see it (NAME)',
		},
		idLocator(
			'personTypeId',
			'Person Type',
			'searchPersonTypes',
			'Who pays: the payer type (PERSON_TYPE_ID). The list shows the payer types of orders ' +
				'(sale.persontype.list, which needs the webhook\'s "Online store (sale)" permission); ' +
				'for a pay system of CRM invoices give the ID. It must belong to the Entity Registry Type.',
		),
		handlerCodeLocator(
			'The REST handler this pay system uses: pick it, or give its code (BX_REST_HANDLER)',
		),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				activeField,
				...commonOptional,
				{
					displayName: 'Entity Registry Type',
					name: 'entityRegistryType',
					type: 'options',
					default: 'ORDER',
					options: [
						{ name: 'CRM Invoices (CRM_INVOICE, Bitrix24 Default)', value: 'CRM_INVOICE' },
						{ name: 'Estimates (CRM_QUOTE)', value: 'CRM_QUOTE' },
						{ name: 'Orders, Deals, Smart Processes (ORDER)', value: 'ORDER' },
					],
					description:
						'What the pay system is used for; fixed once created (ENTITY_REGISTRY_TYPE). Without ' +
						'it Bitrix24 makes one for CRM invoices.',
				},
			],
		},
		...settingsValuesFields,
	],
);
