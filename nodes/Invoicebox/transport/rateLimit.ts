import type { IDataObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { capWait } from '../../shared/http';
import type { RateLimitModel } from '../../shared/rateModels';
import { AdaptiveRate, SlidingWindow } from '../../shared/rateModels';

/**
 * The account's budget as Invoicebox reports it. Invoicebox's own client reads
 * `RateLimit-Remaining` / `X-RateLimit-Remaining` and `RateLimit-Reset` / `X-RateLimit-Reset`
 * (seconds) on every answer and holds its requests back when nothing remains
 * (https://github.com/InvoiceBox/invoicebox-mcp-server/blob/4b62bec/src/core/http.ts,
 * src/core/rateLimiter.ts): other clients of the same account spend the same budget, which the
 * node's own count cannot see. The node does the same: an answer that says nothing remains holds
 * every request of that account until the reset, instead of running into a 429.
 *
 * The shared sender hands success answers to no one but the operation, so the account an answer
 * belongs to travels with its request: each request the node builds is tagged with its account's
 * key, and copies of it (next pages, look-ups) carry the tag on.
 */

/** A rate model that can also be held until a moment the server names. */
class HeldModel implements RateLimitModel {
	private heldUntil = 0;

	constructor(private readonly inner: RateLimitModel) {}

	get holdAfterRefusalMs(): number | undefined {
		return this.inner.holdAfterRefusalMs;
	}

	hold(until: number): void {
		this.heldUntil = Math.max(this.heldUntil, until);
	}

	delay(now: number): number {
		return Math.max(this.inner.delay(now), this.heldUntil - now);
	}

	record(now: number): void {
		this.inner.record(now);
	}

	rejected(now: number): void {
		this.inner.rejected(now);
	}

	completed(sentAt: number, now: number): void {
		this.inner.completed?.(sentAt, now);
	}
}

/** The current model of each account (the shared limiter makes one per account and process). */
const models = new Map<string, HeldModel>();
const accountOf = new WeakMap<object, string>();

/**
 * The model of an account: `perWindow` requests per `windowSeconds` (0: the node does not pace,
 * the shared limiter learns from refusals), held when Invoicebox says the budget is spent.
 */
export function accountModel(key: string, perWindow: number, windowSeconds: number): HeldModel {
	const model = new HeldModel(
		perWindow > 0 ? new SlidingWindow(perWindow, windowSeconds * 1000) : new AdaptiveRate(),
	);
	models.set(key, model);
	return model;
}

/** Marks a request as one of this account's. */
export function tagAccount(request: IHttpRequestOptions, key: string): IHttpRequestOptions {
	accountOf.set(request, key);
	return request;
}

/** A request made from another one (its next page, a look-up) belongs to the same account. */
export function sameAccount(
	from: IHttpRequestOptions,
	to: IHttpRequestOptions,
): IHttpRequestOptions {
	const key = accountOf.get(from);
	if (key !== undefined) accountOf.set(to, key);
	return to;
}

function numberHeader(headers: IDataObject | undefined, names: string[]): number | undefined {
	for (const name of names) {
		const raw = headers?.[name];
		if (raw === undefined || raw === null || raw === '') continue;
		const value = Number(String(raw).trim());
		if (Number.isFinite(value)) return value;
	}
	return undefined;
}

/** Holds the request's account when the answer says nothing remains of its budget. */
export function observeRateLimit(request: IHttpRequestOptions, response: IN8nHttpFullResponse) {
	const headers = response.headers as IDataObject | undefined;
	const remaining = numberHeader(headers, ['ratelimit-remaining', 'x-ratelimit-remaining']);
	if (remaining === undefined || remaining > 0) return;
	const key = accountOf.get(request);
	const model = key === undefined ? undefined : models.get(key);
	if (!model) return;
	const resetSeconds = numberHeader(headers, ['ratelimit-reset', 'x-ratelimit-reset']) ?? 1;
	model.hold(Date.now() + capWait(Math.max(1, resetSeconds) * 1000));
}
