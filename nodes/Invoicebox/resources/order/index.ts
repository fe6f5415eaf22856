import { resourceOperations } from '../../../shared/operations';
import * as cancel from './cancel.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as setStatus from './setStatus.operation';
import * as update from './update.operation';

/** Order: invoices to pay (https://docs.invoicebox.ru/docs/merchant/order/create/ and the pages beside it). */

const operations = [cancel, create, get, getAll, setStatus, update];

export const orderOperations = resourceOperations(
	'order',
	'getAll',
	operations.map((o) => o.spec),
);

export const orderFields = operations.flatMap((o) => o.fields);
