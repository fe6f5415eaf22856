import type { INodeProperties } from 'n8n-workflow';

import type { OperationSpec } from '../../../shared/operations';
import { pagingFields } from '../../../shared/operations';
import { bitrixPager, splitResult } from '../../transport/output';

/** Handler → Get Many (sale.paysystem.handler.list: every handler, not paged). */

export const spec: OperationSpec = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many payment handlers',
	description: 'List the REST payment handlers (sale.paysystem.handler.list)',
	method: 'POST',
	url: 'sale.paysystem.handler.list',
	kind: 'read',
	batch: true,
	pager: bitrixPager,
	output: [splitResult],
};

export const fields: INodeProperties[] = pagingFields({
	resource: ['handler'],
	operation: ['getAll'],
});
