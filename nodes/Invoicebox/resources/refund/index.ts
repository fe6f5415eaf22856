import { resourceOperations } from '../../../shared/operations';
import * as create from './create.operation';
import * as getAll from './getAll.operation';
import * as getRefundableItems from './getRefundableItems.operation';

/** Refund: refund orders of paid orders (https://docs.invoicebox.ru/docs/merchant/refund/create/). */

const operations = [create, getAll, getRefundableItems];

export const refundOperations = resourceOperations(
	'refund',
	'getAll',
	operations.map((o) => o.spec),
);

export const refundFields = operations.flatMap((o) => o.fields);
