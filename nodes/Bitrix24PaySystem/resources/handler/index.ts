import { resourceOperations } from '../../../shared/operations';
import * as create from './create.operation';
import * as remove from './delete.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

/** Handler: REST payment handlers (sale.paysystem.handler.*). */

const operations = [create, remove, getAll, update];

export const handlerOperations = resourceOperations(
	'handler',
	'getAll',
	operations.map((op) => op.spec),
);

export const handlerFields = operations.flatMap((op) => op.fields);
