import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import type { Build as BuildStep, ItemFunctions } from '../../shared/operations';
import { uuid } from '../../shared/validation';
import { accountKey, checkAccount, CREDENTIAL_TYPE } from '../transport/connection';
import { tagAccount } from '../transport/rateLimit';

/**
 * A field that may be a resource locator (`{__rl, mode, value}`) or, in a workflow saved before it
 * was one or filled by an expression, a plain value: the value either way.
 */
export function locatorValue(ctx: ItemFunctions, name: string): unknown {
	return ctx.getNodeParameter(name, '', { extractValue: true });
}

/** The Invoicebox order an operation is about (the Order field), checked. */
export function orderIdOf(ctx: ItemFunctions): string {
	return uuid(ctx, 'Order', locatorValue(ctx, 'orderId'));
}

interface Build {
	/** Put the validated Order ID into the `{orderId}` of the operation's path. */
	orderId?: boolean;
	body?: (this: ItemFunctions) => IDataObject;
	qs?: (this: ItemFunctions) => IDataObject;
}

/** The preSend step of an operation: path, body and query, all checked before anything is sent. */
export function build(def: Build): BuildStep {
	return async function (this: ItemFunctions, request: IHttpRequestOptions) {
		// The account's key goes with the request, for the rate-limit headers of its answer (rateLimit.ts).
		const { account } = checkAccount(await this.getCredentials(CREDENTIAL_TYPE));
		if (account) tagAccount(request, accountKey(account));
		if (def.orderId) {
			request.url = String(request.url).replace('{orderId}', orderIdOf(this));
		}
		if (def.qs) {
			request.qs = { ...((request.qs as IDataObject) ?? {}), ...def.qs.call(this) };
			// Sets as the filter syntax writes them: status[]=created&status[]=completed.
			request.arrayFormat = 'brackets';
		}
		if (def.body) request.body = def.body.call(this);
		return request;
	};
}
