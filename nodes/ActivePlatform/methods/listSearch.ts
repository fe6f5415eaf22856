import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asObject, isBlank } from '../../shared/json';
import { sendRequest } from '../../shared/sender';
import { activePlatformProfile } from '../operations';
import { STATUS_WORDS } from '../transport/errors';
import { checkAccess, CREDENTIAL_TYPE } from '../transport/connection';
import { lastPage, PAGE_SIZE } from '../transport/pager';
import { childResellersPath, paymentsPath, resellerPath } from '../transport/requests';

/**
 * The editor's lists (resource locators). ActivePlatform documents no search parameter, so a
 * search reads pages and keeps the rows that contain the text; one call reads up to
 * {@link PAGES_PER_SEARCH} pages, so that a search that matches nothing on the first page still
 * finds later rows, and hands n8n the next page number. A list that cannot load fails with
 * ActivePlatform's error and what to do about it (a role without resellers, a wrong token),
 * never with an empty list.
 */

const PAGES_PER_SEARCH = 5;

type Row = IDataObject;

async function readRows(
	ctx: ILoadOptionsFunctions,
	url: string,
	qs: IDataObject,
	page: number,
): Promise<Row[]> {
	const body = await sendRequest(
		ctx,
		activePlatformProfile,
		{ method: 'GET', url, qs: { ...qs, 'page[size]': PAGE_SIZE, 'page[number]': page } },
		'read',
	);
	return Array.isArray(body.data) ? (body.data.map(asObject).filter(Boolean) as Row[]) : [];
}

const contains = (filter: string | undefined, ...texts: unknown[]) =>
	!filter?.trim() ||
	texts.some((t) =>
		String(t ?? '')
			.toLowerCase()
			.includes(filter.trim().toLowerCase()),
	);

/** Pages from `token` on, until one holds a match or the page budget is spent, as list entries. */
async function search(
	ctx: ILoadOptionsFunctions,
	url: string,
	qs: IDataObject,
	token: string | undefined,
	entry: (row: Row) => INodeListSearchItems | undefined,
): Promise<INodeListSearchResult> {
	let page = Number(token) > 0 ? Number(token) : 1;
	const results: INodeListSearchItems[] = [];
	for (let read = 0; read < PAGES_PER_SEARCH && !results.length; read++) {
		const rows = await readRows(ctx, url, qs, page);
		for (const row of rows) {
			const item = entry(row);
			if (item) results.push(item);
		}
		if (lastPage(rows.length, PAGE_SIZE)) return { results };
		page++;
	}
	return { results, paginationToken: String(page) };
}

async function defaultReseller(ctx: ILoadOptionsFunctions): Promise<number> {
	const { access, problem } = checkAccess(await ctx.getCredentials(CREDENTIAL_TYPE));
	if (!access) {
		throw new NodeOperationError(ctx.getNode(), problem, {
			description: 'Open the ActivePlatform API credential and fix this field.',
		});
	}
	return access.resellerId;
}

/** The reseller the node's Reseller ID names, else the credential's default. */
async function currentReseller(ctx: ILoadOptionsFunctions): Promise<number> {
	const value = ctx.getCurrentNodeParameter('resellerId', { extractValue: true });
	const text = String(value ?? '').trim();
	if (!isBlank(value) && /^[0-9]+$/.test(text) && Number(text) > 0) return Number(text);
	return await defaultReseller(ctx);
}

function resellerEntry(filter: string | undefined) {
	return (row: Row): INodeListSearchItems | undefined => {
		const general = asObject(asObject(row.attributes)?.general) ?? {};
		if (!contains(filter, general.name, general.domain, row.id)) return undefined;
		return {
			name: `${String(general.name ?? `Reseller ${String(row.id)}`)} (${String(row.id)})`,
			value: String(row.id),
		};
	};
}

/** The credential's default reseller, then the resellers below it (all levels). */
export async function searchResellers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const top = await defaultReseller(this);
	const entry = resellerEntry(filter);
	const below = await search(this, childResellersPath(top), {}, paginationToken, entry);
	if (paginationToken) return below;
	const own = await sendRequest(
		this,
		activePlatformProfile,
		{ method: 'GET', url: resellerPath(top) },
		'read',
	);
	const first = asObject(own.data) ? entry(own.data as Row) : undefined;
	return { ...below, results: first ? [first, ...below.results] : below.results };
}

/** A payment as a list entry: its number, amount and status, then its comment. */
function paymentEntry(filter: string | undefined, value: (row: Row) => string) {
	return (row: Row): INodeListSearchItems | undefined => {
		const a = asObject(row.attributes) ?? {};
		if (!contains(filter, a.document_id)) return undefined;
		const status = STATUS_WORDS[String(a.status)] ?? String(a.status ?? '');
		const comment = isBlank(a.comment) ? '' : ` · ${String(a.comment)}`;
		return {
			name: `${String(a.document_id)} · ${String(a.total)} ${String(a.currency_code ?? '')} · ${status}${comment}`,
			value: value(row),
		};
	};
}

/** Newest first: the payment a user looks for is usually a recent one. */
const NEWEST_FIRST = { sort: '-created_at' };

/** Payments of the node's reseller, searched by document number; the value is the payment's ID. */
export async function searchPayments(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const url = paymentsPath(await currentReseller(this));
	return await search(
		this,
		url,
		NEWEST_FIRST,
		paginationToken,
		paymentEntry(filter, (row) => String(row.id)),
	);
}

/** The same list, for Complete by Document Number: the value is the document number. */
export async function searchDocumentNumbers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const url = paymentsPath(await currentReseller(this));
	const number = (row: Row) => String(asObject(row.attributes)?.document_id ?? '');
	return await search(this, url, NEWEST_FIRST, paginationToken, paymentEntry(filter, number));
}
