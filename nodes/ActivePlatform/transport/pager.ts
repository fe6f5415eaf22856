import type { IDataObject } from 'n8n-workflow';

import type { Pager } from '../../shared/operations';

/**
 * `page[size]` of every list request: 100, the size of the reference's own example request
 * (`page[size]=100&page[number]=1`,
 * https://docs.activeplatform.com/api-guide/latest/en/plateyoi/poluchenie-spiska-plateyoej);
 * no maximum is documented. Twice the documented default: half the requests for Return All.
 */
export const PAGE_SIZE = 100;
/** The documented default size: what an installation that caps or ignores `page[size]` likely sends. */
const DEFAULT_PAGE_SIZE = 50;

/**
 * `page[number]` / `page[size]` (payments, downstream resellers). No pagination links or
 * totals are documented, so a page shorter than the size asked for is the last one, except a
 * page of exactly the documented default size (50) when more was asked: an installation that
 * caps `page[size]` at its default sends those, so the next page is asked for (an empty or short
 * one ends the list; a list that really ends after 50 rows costs one request more).
 */
export function lastPage(rows: number, size: number): boolean {
	return rows === 0 || (rows < size && rows !== DEFAULT_PAGE_SIZE);
}

/**
 * Return All / Limit over those pages; if an installation does send JSON:API `links`, a missing
 * `links.next` ends the list too.
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
		if (!Array.isArray(data) || lastPage(data.length, size)) return undefined;
		const links = body?.links as IDataObject | undefined;
		if (links && typeof links === 'object' && !links.next) return undefined;
		return { ...request, qs: { ...qs, 'page[number]': Number(qs['page[number]']) + 1 } };
	},
};
