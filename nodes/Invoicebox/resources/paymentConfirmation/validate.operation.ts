import type { INodeProperties } from 'n8n-workflow';

import type { OperationSpec } from '../../../shared/operations';
import { action, payerForm, payerRequest } from './fields';
import { confirmationResult } from './result';

export const spec: OperationSpec = {
	name: 'Validate',
	value: 'validate',
	action: 'Check whether the payment can be confirmed',
	description:
		'Check that the payer can confirm the payment (result: available, notEnoughMoney or notRegistered)',
	method: 'POST',
	url: action('validate'),
	kind: 'read',
	build: payerRequest,
	output: [confirmationResult],
};

export const fields: INodeProperties[] = payerForm('validate');
