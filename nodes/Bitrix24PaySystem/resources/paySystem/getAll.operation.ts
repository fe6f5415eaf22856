import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationSpec } from '../../../shared/operations';
import { pagingFields } from '../../../shared/operations';
import { bitrixPager, splitResult } from '../../transport/output';
import { PAY_SYSTEM_FIELDS } from './fields';
import { FILTER_OPERATORS, filterRows, getAll } from './filters';

/** Pay System → Get Many (sale.paysystem.list: every pay system, not paged; see filters.ts). */

export const spec: OperationSpec = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many pay systems',
	description: 'List payment systems (sale.paysystem.list)',
	method: 'POST',
	url: 'sale.paysystem.list',
	kind: 'read',
	batch: true,
	pager: bitrixPager,
	build: getAll,
	output: [splitResult, filterRows],
};

const show = { resource: ['paySystem'], operation: ['getAll'] };

export const fields: INodeProperties[] = [
	...pagingFields(show),
	...updateDisplayOptions({ show }, [
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Filters',
					name: 'filters',
					type: 'fixedCollection',
					typeOptions: { multipleValues: true },
					default: {},
					placeholder: 'Add Filter',
					description:
						'Conditions a pay system must all meet. Bitrix24 ignores filter operators (its code ' +
						'compares for equality whatever the documentation says), so the node sends the portal ' +
						'only Equals and In List and checks every condition itself on the rows it returns.',
					options: [
						{
							displayName: 'Filter',
							name: 'filter',
							values: [
								{
									displayName: 'Field',
									name: 'field',
									type: 'options',
									default: 'ACTIVE',
									options: PAY_SYSTEM_FIELDS,
								},
								{
									displayName: 'Operator',
									name: 'operator',
									type: 'options',
									default: 'eq',
									options: FILTER_OPERATORS.map(([name, value]) => ({ name, value })),
								},
								{ displayName: 'Value', name: 'value', type: 'string', default: '' },
							],
						},
					],
				},
				{
					displayName: 'Select',
					name: 'select',
					type: 'multiOptions',
					default: [],
					options: PAY_SYSTEM_FIELDS,
					description: 'The fields to return; none: all (SELECT)',
				},
				{
					displayName: 'Sort',
					name: 'order',
					type: 'fixedCollection',
					typeOptions: { multipleValues: true, sortable: true },
					default: {},
					placeholder: 'Add Sort Rule',
					description: 'The order of the rows (ORDER)',
					options: [
						{
							displayName: 'Rule',
							name: 'rule',
							values: [
								{
									displayName: 'Field',
									name: 'field',
									type: 'options',
									default: 'ID',
									options: PAY_SYSTEM_FIELDS,
								},
								{
									displayName: 'Direction',
									name: 'direction',
									type: 'options',
									default: 'ASC',
									options: [
										{ name: 'Ascending', value: 'ASC' },
										{ name: 'Descending', value: 'DESC' },
									],
								},
							],
						},
					],
				},
			],
		},
	]),
];
