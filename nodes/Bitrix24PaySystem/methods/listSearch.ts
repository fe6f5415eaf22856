import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { handlers, matching, paySystems, personTypes } from './lists';

/** The resource locators' "From List" (see resources/locators.ts). */

export async function searchHandlers(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return { results: matching(await handlers(this, 'ID'), filter) };
}

export async function searchHandlerCodes(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return { results: matching(await handlers(this, 'CODE'), filter) };
}

export async function searchPaySystems(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return { results: matching(await paySystems(this), filter) };
}

export async function searchPersonTypes(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const results = matching(await personTypes(this), filter);
	return { results: results.map((r) => ({ ...r, value: String(r.value) })) };
}
