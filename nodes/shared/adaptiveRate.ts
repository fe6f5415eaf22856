import type { RateLimitModel } from './limiter';

/**
 * A rate limit learnt from refusals, for an API that documents none (ActivePlatform), or when
 * client pacing is off (Bitrix24 plan "Do Not Pace"): no pacing
 * until the server refuses a request (429/503); then the pace becomes what the server accepted
 * in the window before the refusals, and grows back while nothing is refused.
 *
 * Without it, every item of a run waits out the same Retry-After and all of them are released
 * at once, so each wave brings one window's worth of accepted requests and a flood of refused
 * ones (measured: 300 writes under a 10-per-second limit cost 4,538 requests, 4,238 of them
 * refused).
 *
 * The estimate is made once the wave's refusals are in (`settleMs` after the first one; the
 * shared limiter holds every request back that long after a round of refusals:
 * `holdAfterRefusalMs`): accepted
 * = sent in the window before the first refusal − refused since the window started. When
 * nothing was accepted the pace is left as it was.
 */
export class AdaptiveRate implements RateLimitModel {
	private sent: number[] = [];

	private refused: number[] = [];

	/** Requests allowed per window; undefined until the server has refused one. */
	private perWindow: number | undefined;

	private firstRefusal: number | undefined;

	private lastChange = 0;

	private nextAt = 0;

	get holdAfterRefusalMs(): number {
		return this.settleMs;
	}

	constructor(
		private readonly windowMs = 1000,
		private readonly settleMs = 250,
		/** Windows without a refusal before the pace grows by half (a blip, such as a 503, is soon forgotten). */
		private readonly growAfterWindows = 5,
	) {}

	private prune(now: number) {
		const from = now - 10 * this.windowMs;
		this.sent = this.sent.filter((t) => t > from);
		this.refused = this.refused.filter((t) => t > from);
	}

	private settle(now: number) {
		if (this.firstRefusal === undefined || now < this.firstRefusal + this.settleMs) return;
		const start = this.firstRefusal - this.windowMs;
		const sent = this.sent.filter((t) => t > start && t <= this.firstRefusal!).length;
		const refused = this.refused.filter((t) => t > start).length;
		const accepted = sent - refused;
		this.firstRefusal = undefined;
		// Nothing accepted at all looks like an outage (503) or a budget others spent, not a pace
		// to keep: the Retry-After wait covers it.
		if (accepted <= 0) return;
		this.perWindow = this.perWindow === undefined ? accepted : Math.max(1, Math.min(this.perWindow - 1, accepted));
		this.lastChange = now;
	}

	private grow(now: number) {
		if (this.perWindow === undefined || this.firstRefusal !== undefined) return;
		const quiet = now - this.lastChange;
		if (quiet >= this.growAfterWindows * this.windowMs) {
			this.perWindow = Math.max(this.perWindow + 1, Math.ceil(this.perWindow * 1.5));
			this.lastChange = now;
		}
	}

	/** Milliseconds between two requests at the learnt pace, with 5% to spare. */
	private spacing(): number {
		return this.perWindow === undefined ? 0 : (this.windowMs / this.perWindow) * 1.05;
	}

	delay(now: number): number {
		this.settle(now);
		this.grow(now);
		return this.perWindow === undefined ? 0 : Math.max(0, Math.ceil(this.nextAt - now));
	}

	record(now: number): void {
		this.prune(now);
		this.sent.push(now);
		this.nextAt = Math.max(now, this.nextAt) + this.spacing();
	}

	rejected(now: number): void {
		this.refused.push(now);
		if (this.firstRefusal === undefined) this.firstRefusal = now;
	}
}
