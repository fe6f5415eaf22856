import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { pagingFields } from '../../shared/operations';

/** Options every listing shares: custom filters, sort and the paging parameters' spelling. */
function listingOptions(sortFields: INodePropertyOptions[]): INodeProperties[] {
	return [
		{
			displayName: 'Custom Filters',
			name: 'customFilters',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Filter',
			description:
				'Any other condition of the Invoicebox filter syntax (field[operator]=value); all must match',
			options: [
				{
					name: 'filter',
					displayName: 'Filter',
					values: [
						{
							displayName: 'Field',
							name: 'field',
							type: 'string',
							default: '',
							placeholder: 'merchantOrderId',
						},
						{
							displayName: 'Operator',
							name: 'operator',
							type: 'options',
							default: '_eq',
							options: [
								{ name: 'Equals', value: '_eq' },
								{ name: 'Greater Than', value: '_gt' },
								{ name: 'Greater Than or Equal', value: '_ge' },
								{ name: 'Less Than', value: '_lt' },
								{ name: 'Less Than or Equal', value: '_le' },
								{ name: 'Not Equal', value: '_ne' },
								{ name: 'Starts With', value: '_start' },
							],
						},
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		{
			displayName: 'Paging Parameters',
			name: 'pagingSpelling',
			type: 'options',
			default: 'mcp',
			options: [
				{
					name: 'Both Spellings',
					value: 'both',
					description: 'Page, pageSize, _page and _pageSize with the same values',
				},
				{
					name: 'Documented (Page, PageSize)',
					value: 'docs',
					description: 'As docs.invoicebox.ru describes them',
				},
				{
					name: "Invoicebox's Client (_Page, _PageSize)",
					value: 'mcp',
					description: "As Invoicebox's own API client (its MCP server) sends them",
				},
			],
			description:
				"How pages are asked for: _page and _pageSize, as Invoicebox's own client does, " +
				'unless you choose otherwise. The node reads the page Invoicebox says it returned.',
		},
		{
			displayName: 'Sort',
			name: 'sort',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			default: {},
			placeholder: 'Add Sort Rule',
			options: [
				{
					name: 'rule',
					displayName: 'Rule',
					values: [
						{
							displayName: 'Field',
							name: 'field',
							type: 'options',
							default: 'createdAt',
							options: sortFields,
						},
						{
							displayName: 'Direction',
							name: 'direction',
							type: 'options',
							default: 'desc',
							options: [
								{ name: 'Ascending', value: 'asc' },
								{ name: 'Descending', value: 'desc' },
							],
						},
					],
				},
			],
		},
	];
}

/** A listing's fields: Return All / Limit, its Filters, and Options (custom filters, sort, paging). */
export function listingFields(
	filters: INodeProperties[],
	sortFields: INodePropertyOptions[],
): INodeProperties[] {
	return [
		...pagingFields({}),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{ displayName: 'Created After', name: 'createdAfter', type: 'dateTime', default: '' },
				{ displayName: 'Created Before', name: 'createdBefore', type: 'dateTime', default: '' },
				...filters,
			],
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: listingOptions(sortFields),
		},
	];
}
