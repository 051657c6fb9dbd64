import type { VirtualClock } from './clock';

/**
 * Fixed-window rate limits on the virtual clock, per key and policy. Windows are aligned to
 * the epoch (a minute window resets at :00 of the next virtual minute).
 */
export type WindowName = 'minute' | 'hour' | 'day';

export const WINDOW_SECONDS: Record<WindowName, number> = { minute: 60, hour: 3600, day: 86400 };

export interface RatePolicy {
	name: string;
	limits: Partial<Record<WindowName, number>>;
}

export interface WindowState {
	window: WindowName;
	limit: number;
	used: number;
	remaining: number;
	/** Virtual epoch ms at which this window resets. */
	resetAtMs: number;
	/** Real unix seconds of the reset (virtual with speed 0). */
	resetUnix: number;
}

export interface RateCheck {
	allowed: boolean;
	windows: WindowState[];
	/** The exceeded window that frees up last (it decides the wait), if any. */
	exceeded: WindowState | null;
	/** Seconds to wait (real, ceil, >= 1; virtual with speed 0), 0 when allowed. */
	retryAfterSeconds: number;
}

export interface RateLimitSettings {
	enabled: boolean;
	/** Every limit is multiplied by this (at least 1 request per window remains). */
	scale: number;
}

export class RateLimiter {
	private readonly counters = new Map<string, { index: number; count: number }>();

	constructor(
		private readonly clock: VirtualClock,
		private readonly settings: RateLimitSettings,
	) {}

	get enabled(): boolean {
		return this.settings.enabled;
	}

	scaledLimit(limit: number): number {
		return Math.max(1, Math.floor(limit * this.settings.scale));
	}

	private windowsOf(policy: RatePolicy): Array<[WindowName, number]> {
		return (Object.keys(WINDOW_SECONDS) as WindowName[])
			.filter((name) => policy.limits[name] !== undefined)
			.map((name) => [name, this.scaledLimit(policy.limits[name] as number)]);
	}

	check(policy: RatePolicy, key: string): RateCheck {
		const now = this.clock.now();
		const windows: WindowState[] = this.windowsOf(policy).map(([window, limit]) => {
			const length = WINDOW_SECONDS[window] * 1000;
			const index = Math.floor(now / length);
			const counter = this.counters.get(`${policy.name}|${key}|${window}`);
			const used = counter && counter.index === index ? counter.count : 0;
			const resetAtMs = (index + 1) * length;
			return {
				window,
				limit,
				used,
				remaining: Math.max(0, limit - used),
				resetAtMs,
				resetUnix: this.clock.realUnixSecondsAt(resetAtMs),
			};
		});
		// Rate limits off: an account without limits, so no window is announced either (headers
		// saying "0 remaining" while every request passes would make a client wait for nothing).
		if (!this.settings.enabled) {
			return { allowed: true, windows: [], exceeded: null, retryAfterSeconds: 0 };
		}
		const exceeded = windows
			.filter((state) => state.used >= state.limit)
			.sort((a, b) => b.resetAtMs - a.resetAtMs)[0];
		if (!exceeded) return { allowed: true, windows, exceeded: null, retryAfterSeconds: 0 };
		return {
			allowed: false,
			windows,
			exceeded,
			retryAfterSeconds: Math.max(1, Math.ceil(this.clock.realMsUntil(exceeded.resetAtMs) / 1000)),
		};
	}

	/** Count one request in every window of the policy. */
	consume(policy: RatePolicy, key: string): RateCheck {
		const now = this.clock.now();
		for (const [window] of this.windowsOf(policy)) {
			const index = Math.floor(now / (WINDOW_SECONDS[window] * 1000));
			const id = `${policy.name}|${key}|${window}`;
			const counter = this.counters.get(id);
			if (counter && counter.index === index) counter.count++;
			else this.counters.set(id, { index, count: 1 });
		}
		return this.check(policy, key);
	}

	reset(): void {
		this.counters.clear();
	}
}
