import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { SlidingWindow } from '../shared/rateModels';
import type { AlreadyDone, ItemFunctions, OperationSpec, Pager } from '../shared/operations';
import type { ApiProfile, Connection } from '../shared/sender';
import { checkAccess } from './connection';
import { explainActivePlatform, interpretActivePlatform } from './errors';
import { paymentsPath, targetOf } from './requests';
import { asObject } from '../shared/json';

/** The ActivePlatform side of the shared transport: credential, errors, limits, paging. */

export const CREDENTIAL_TYPE = 'activePlatformApi';
export const MEDIA_TYPE = 'application/vnd.api+json';

/**
 * `page[size]` of every list request: 100, the size of the reference's own example request
 * (`page[size]=100&page[number]=1`); no maximum is documented. Return All over 10,000 payments
 * took 201 requests with pages of 50 (the documented default), 101 with 100 (npm run bench).
 */
export const PAGE_SIZE = 100;
/** The documented default size: what an installation that caps or ignores `page[size]` likely sends. */
const DEFAULT_PAGE_SIZE = 50;

export function connectActivePlatform(
	credentials: ICredentialDataDecryptedObject,
	node: INode,
): Connection {
	const { access, problem } = checkAccess(credentials);
	if (!access) {
		throw new NodeOperationError(node, problem, {
			description: 'Open the ActivePlatform API credential and fix this field.',
		});
	}
	const perMinute = access.requestsPerMinute;
	return {
		// Rate limits are not documented: no pacing until the installation refuses (429/503),
		// then the pace it accepted; or the pace the credential sets. The key names the
		// installation and reseller, never the token.
		limiterKey: `${access.baseUrl}|reseller ${access.resellerId}|${perMinute || 'adaptive'}`,
		secrets: [access.token],
		// Without a known limit the shared limiter learns one from refusals (AdaptiveRate).
		rateLimit: () => (perMinute ? new SlidingWindow(perMinute, 60_000) : undefined),
	};
}

/**
 * `page[number]` / `page[size]`. No pagination links or totals are documented, so a page shorter
 * than the size asked for is the last one, except a page of exactly the documented default size
 * (50) when more was asked: an installation that caps `page[size]` at its default sends those,
 * so the next page is asked for (an empty or short one ends the list; a list that really ends
 * after 50 rows costs one request more). If an installation does send JSON:API `links`, a
 * missing `links.next` ends the list too.
 */
export const activePlatformPager: Pager = {
	first(request, wanted) {
		const size = wanted === undefined ? PAGE_SIZE : Math.max(1, Math.min(PAGE_SIZE, wanted));
		return { ...request, qs: { ...(request.qs ?? {}), 'page[number]': 1, 'page[size]': size } };
	},
	next(request, response) {
		const qs = (request.qs ?? {}) as IDataObject;
		const size = Number(qs['page[size]']);
		const body = response.body as IDataObject | undefined;
		const data = body?.data;
		if (!Array.isArray(data) || data.length === 0) return undefined;
		if (data.length < size && data.length !== DEFAULT_PAGE_SIZE) return undefined;
		const links = body?.links as IDataObject | undefined;
		if (links && typeof links === 'object' && !links.next) return undefined;
		return { ...request, qs: { ...qs, 'page[number]': Number(qs['page[number]']) + 1 } };
	},
};

const PAID = ['completed', 'paid_from_balance'];

/**
 * "Treat Already Done as Success" for Complete, Complete From Balance and Cancel. They are
 * refused (422) when the payment is past that point; the explaining read says its status: paid
 * (or cancelled, for Cancel) means an earlier run did it, and the payment read back stands for
 * the answer.
 */
function refusedAsDone(operation: 'complete' | 'completeFromBalance' | 'cancel'): AlreadyDone {
	return {
		refusal(failure, request) {
			const target = targetOf(request, operation);
			const status = String(failure.extra?.currentStatus ?? '');
			const paymentId = failure.extra?.paymentId;
			const done = operation === 'cancel' ? status === 'cancelled' : PAID.includes(status);
			if (!done || paymentId === undefined || target.resellerId === undefined) return undefined;
			return {
				request: { method: 'GET', url: paymentsPath(Number(target.resellerId), String(paymentId)) },
				body: (response) => asObject(response.body),
			};
		},
	};
}

export const completed = refusedAsDone('complete');
export const paidFromBalance = refusedAsDone('completeFromBalance');
export const cancelled = refusedAsDone('cancel');

/** The explaining read of a refused change: the payment's current status. */
export const explain: OperationSpec['explain'] = function (this: OperationSpec, failure, request) {
	return explainActivePlatform(failure, request, this.value);
};

export const activePlatformProfile: ApiProfile = {
	api: 'ActivePlatform',
	credentialType: CREDENTIAL_TYPE,
	// Both are documented as required on every method, GET and DELETE included.
	headers: { Accept: MEDIA_TYPE, 'Content-Type': MEDIA_TYPE },
	connect: connectActivePlatform,
	interpret: interpretActivePlatform,
};

/** Output steps (postReceive) shared by the operations. */

/** `{id, type, attributes, relationships}` → `{id, type, ...attributes, relationships}`. */
export function flatten(resource: unknown): IDataObject {
	const r = asObject(resource);
	if (!r) return {};
	const out: IDataObject = {
		id: r.id as string,
		type: r.type as string,
		...(asObject(r.attributes) ?? {}),
	};
	if (r.relationships !== undefined) out.relationships = r.relationships;
	if (r.links !== undefined) out.links = r.links;
	return out;
}

const simplified = (ctx: ItemFunctions) => ctx.getNodeParameter('simplify', true) as boolean;

/** One payment: flattened (with `included` flattened too), or the raw JSON:API document. */
export async function singleResource(
	this: ItemFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	if (!simplified(this)) return items;
	return items.map((item) => {
		const out = flatten(item.json.data);
		if (Array.isArray(item.json.included)) out.included = item.json.included.map(flatten);
		return { json: out };
	});
}

/** A list page: one item per resource, flattened or as the raw resource object. */
export async function resourceList(
	this: ItemFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const simplify = simplified(this);
	return items.flatMap((item) => {
		const data = Array.isArray(item.json.data) ? item.json.data : [];
		return data.map((resource) => ({
			json: simplify ? flatten(resource) : (resource as IDataObject),
		}));
	});
}
