import { sleep } from 'n8n-workflow';

import type { RateLimitModel } from './rateModels';
import { AdaptiveRate } from './rateModels';

export class RateLimitWaitExceeded extends Error {
	constructor(readonly waitMs: number) {
		super('Waiting for the rate limit would exceed the maximum wait');
	}
}

/**
 * One queue per API account, shared by every item of every run in this n8n process: items are
 * let through in arrival order at the pace the model allows, and a rejection slows everyone,
 * not just the item that was refused.
 */
export class Limiter {
	private queue: Promise<void> = Promise.resolve();

	private waiting = 0;

	private blockedUntil = 0;

	private strikes = 0;

	/** When the last strike was counted: refusals of requests sent before it are the same round. */
	private strikeAt = -1;

	private readonly model: RateLimitModel;

	/** Without a known budget, the limiter learns one from refusals. */
	constructor(model?: RateLimitModel) {
		this.model = model ?? new AdaptiveRate();
	}

	/**
	 * Resolves when a request may be sent, with the moment it was let through (hand it back to
	 * `completed`, `succeeded` and `rejected`); rejects with RateLimitWaitExceeded past `deadline`.
	 */
	async acquire(deadline: number, signal?: AbortSignal): Promise<number> {
		const now = Date.now();
		if (this.waiting === 0 && this.nextDelay(now) <= 0) {
			this.model.record(now);
			return now;
		}
		this.waiting++;
		const turn = this.queue.then(async () => await this.waitForSlot(deadline, signal));
		this.queue = turn.then(
			() => undefined,
			() => undefined,
		);
		try {
			return await turn;
		} finally {
			this.waiting--;
		}
	}

	/** The answer to a request let through at `sentAt` has come (whatever it was). */
	completed(sentAt: number): void {
		this.model.completed?.(sentAt, Date.now());
	}

	/**
	 * The server refused a request (let through at `sentAt`) as over its limit; `retryAfterMs`
	 * when it said how long to wait.
	 */
	rejected(sentAt: number, retryAfterMs?: number): void {
		const now = Date.now();
		this.model.rejected(now);
		// Requests sent together are refused together: that is one round, not many. Only a
		// request sent after the last strike and refused again is a new strike. Rounds that keep
		// coming mean someone we cannot see spends the same budget: back off exponentially (with
		// jitter) on top of the model, up to 30 s.
		const newRound = sentAt >= this.strikeAt;
		if (newRound) {
			this.strikes++;
			this.strikeAt = now;
		}
		const backoff =
			retryAfterMs ??
			(this.strikes > 1
				? Math.min(30_000, 250 * 2 ** (this.strikes - 2)) * (0.75 + Math.random() / 2)
				: newRound
					? (this.model.holdAfterRefusalMs ?? 0)
					: 0);
		this.blockedUntil = Math.max(this.blockedUntil, now + backoff);
	}

	/** Until when a refusal holds every request back (ms since the epoch; always finite). */
	get heldUntil(): number {
		return this.blockedUntil;
	}

	/** A request let through at `sentAt` was accepted. */
	succeeded(sentAt: number): void {
		// An answer to a request sent before the last strike says nothing about the limit now.
		if (sentAt >= this.strikeAt) this.strikes = 0;
	}

	private nextDelay(now: number): number {
		return Math.max(this.model.delay(now), this.blockedUntil - now);
	}

	private async waitForSlot(deadline: number, signal?: AbortSignal): Promise<number> {
		for (;;) {
			const now = Date.now();
			const wait = this.nextDelay(now);
			if (wait <= 0) {
				this.model.record(now);
				return now;
			}
			if (now + wait > deadline) throw new RateLimitWaitExceeded(wait);
			await sleep(wait, signal);
		}
	}
}

const limiters = new Map<string, Limiter>();

/** The process-wide limiter for one API account (`key` must not contain secrets). */
export function limiterFor(key: string, create: () => RateLimitModel | undefined): Limiter {
	let limiter = limiters.get(key);
	if (!limiter) {
		limiter = new Limiter(create());
		limiters.set(key, limiter);
	}
	return limiter;
}

/** The process's limiters by account key (no secrets in the keys), for tests and diagnostics. */
export function activeLimiters(): ReadonlyMap<string, Limiter> {
	return limiters;
}

/** Tests and benchmarks start from a clean slate. */
export function resetLimiters(): void {
	limiters.clear();
}
