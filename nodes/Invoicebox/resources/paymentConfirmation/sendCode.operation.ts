import type { INodeProperties } from 'n8n-workflow';

import type { OperationSpec } from '../../../shared/operations';
import { action, payerForm, payerRequest } from './fields';
import { confirmationResult } from './result';

export const spec: OperationSpec = {
	name: 'Send Code',
	value: 'sendCode',
	action: 'Send a confirmation code to the payer',
	description:
		'Send the payer a confirmation code (result: success, codeAlreadySent or error; gives the Public Code for Pay)',
	method: 'POST',
	url: action('send-code'),
	kind: 'write',
	build: payerRequest,
	output: [confirmationResult],
};

export const fields: INodeProperties[] = payerForm('sendCode');
