import type { INodeProperties } from 'n8n-workflow';

import { resourceOperations } from '../../../shared/operations';
import * as cancel from './cancel.operation';
import * as complete from './complete.operation';
import * as completeByDocument from './completeByDocument.operation';
import * as completeFromBalance from './completeFromBalance.operation';
import * as create from './create.operation';
import {
	documentIdField,
	forOperations,
	paymentIdField,
	paymentMethodIdField,
	resellerField,
	simplifyField,
} from './fields';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

/** Payment: read, create, complete and cancel the payments of a reseller (API v3). */

const operations = [cancel, complete, completeByDocument, completeFromBalance, create, get, getAll];
const ALL = operations.map((o) => o.spec.value);

export const paymentOperations = resourceOperations(
	'payment',
	// The node opens on a read: nothing moves money until the user picks a write.
	'getAll',
	operations.map((o) => o.spec),
);

/**
 * The fields several operations share are defined once, shown for each operation that uses
 * them; each operation's own fields follow, in the order of the form.
 */
export const paymentFields: INodeProperties[] = [
	...forOperations(ALL, [resellerField]),
	...forOperations(['get', 'complete', 'completeFromBalance', 'cancel'], [paymentIdField]),
	...forOperations(['completeByDocument'], [documentIdField]),
	...forOperations(['complete', 'completeByDocument'], [paymentMethodIdField]),
	...operations.flatMap((o) => o.fields),
	...forOperations(ALL, [simplifyField]),
];
