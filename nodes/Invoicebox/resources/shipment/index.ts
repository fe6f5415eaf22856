import { resourceOperations } from '../../../shared/operations';
import * as create from './create.operation';
import * as get from './get.operation';

/**
 * Shipment: what was delivered, which triggers the closing documents
 * (https://docs.invoicebox.ru/docs/merchant/order/shipment_create/).
 */

const operations = [create, get];

export const shipmentOperations = resourceOperations(
	'shipment',
	'get',
	operations.map((o) => o.spec),
);

export const shipmentFields = operations.flatMap((o) => o.fields);
