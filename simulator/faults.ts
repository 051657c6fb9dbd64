import { compilePattern } from './http';
import { SimInputError } from './errors';
import { randomHex } from './ids';

/**
 * Fault injection for the next `count` provider requests matching a method and path:
 * - `500`: the provider's 500 error, nothing done;
 * - `429`: the provider's 429 with Retry-After = `retryAfter` (default 1, 0 allowed), nothing
 *   done, no quota used; with `resetSeconds` also `X-RateLimit-Remaining: 0` and a
 *   `X-RateLimit-Reset` that far ahead (of the `window`'s header set);
 * - `slow`: answered correctly after `delayMs` (default 2000) real milliseconds;
 * - `drop-after-accept`: fully performed (the fax exists), then the socket is destroyed
 *   without a response;
 * - `drop-before-accept`: the socket is destroyed without acting;
 * - `redirect`: answered `status` (301/302/303/307/308, default 302) with `Location: location`
 *   (default `https://login.example.invalid/sso`), nothing done;
 * - `html-200`: a 200 HTML login page (`text/html`) instead of the API's JSON, nothing done;
 * - `truncated-json`: fully performed, then the JSON answer cut in half (a 2xx for sends);
 * - `hang`: fully performed, then never answered: the connection stays open until the client
 *   gives up (or the simulator stops);
 * - `hold`: waits, not yet performed, until the test releases it (`releaseHeld`), then is
 *   performed and answered normally: "meanwhile" without a race against a delay;
 * - `rate-limit-reset`: answered normally, plus `X-RateLimit-Remaining: 0` and a reset
 *   `resetSeconds` (default one year) ahead, in the `window`'s header set;
 * - `answer`: answered `status` (400–599, default 400) with the JSON `body` as given (default the
 *   empty object), nothing done: a refusal in the provider's own words or in another shape;
 * - `patch-json`: fully performed, then the JSON object answer gets the top-level fields of
 *   `body` set (e.g. `{ "to": "(212) 555-0123" }`: the same fax, spelled differently).
 */
export type FaultKind =
	| '500'
	| '429'
	| 'slow'
	| 'drop-after-accept'
	| 'drop-before-accept'
	| 'redirect'
	| 'html-200'
	| 'truncated-json'
	| 'hang'
	| 'hold'
	| 'rate-limit-reset'
	| 'answer'
	| 'patch-json';

export const FAULT_KINDS: readonly FaultKind[] = [
	'500',
	'429',
	'slow',
	'drop-after-accept',
	'drop-before-accept',
	'redirect',
	'html-200',
	'truncated-json',
	'hang',
	'hold',
	'rate-limit-reset',
	'answer',
	'patch-json',
];

export const REDIRECT_STATUSES = [301, 302, 303, 307, 308] as const;
export const DEFAULT_REDIRECT_LOCATION = 'https://login.example.invalid/sso';
export const DEFAULT_RESET_SECONDS = 365 * 24 * 3600;

/** Which rate-limit header set a fault speaks: `X-RateLimit-*`, `…-Hour` or `…-Day`. */
export type RateLimitWindow = 'minute' | 'hour' | 'day';
const WINDOWS: readonly RateLimitWindow[] = ['minute', 'hour', 'day'];

export interface FaultSpec {
	/** HTTP method; omitted or `*` = any. */
	method?: string;
	/**
	 * Full simulator path: a prefix (`/faxdrop`), an exact path or a route pattern
	 * (`/sendfaxmail/v1/faxes/{id}`). A pattern also matches deeper paths.
	 */
	path: string;
	kind: FaultKind;
	/** How many matching requests it applies to (default 1). */
	count?: number;
	delayMs?: number;
	retryAfter?: number;
	/** `redirect`: the status code (default 302). */
	status?: number;
	/** `redirect`: the Location header, absolute or a path (default another origin). */
	location?: string;
	/** `429` / `rate-limit-reset`: seconds until the announced X-RateLimit-Reset. */
	resetSeconds?: number;
	/** `429` / `rate-limit-reset`: the header set (default minute). */
	window?: RateLimitWindow;
	/** `answer`: the JSON body; `patch-json`: the fields set on the answer (an object). */
	body?: unknown;
}

export interface FaultRule {
	id: string;
	method: string;
	path: string;
	kind: FaultKind;
	count: number;
	remaining: number;
	delayMs: number;
	retryAfter: number;
	status: number | null;
	location: string | null;
	resetSeconds: number | null;
	window: RateLimitWindow;
	body: unknown;
}

export class FaultInputError extends SimInputError {}

export class FaultInjector {
	private rules: Array<FaultRule & { regex: RegExp }> = [];

	/** The requests a `hold` fault keeps waiting. */
	private held: Array<() => void> = [];

	add(spec: FaultSpec): FaultRule {
		if (!spec || typeof spec.path !== 'string' || !spec.path.startsWith('/')) {
			throw new FaultInputError('path must be a string starting with "/"');
		}
		if (!FAULT_KINDS.includes(spec.kind)) {
			throw new FaultInputError(`kind must be one of ${FAULT_KINDS.join(', ')}`);
		}
		const count = spec.count ?? 1;
		if (!Number.isInteger(count) || count < 1)
			throw new FaultInputError('count must be an integer >= 1');
		const delayMs = spec.delayMs ?? 2000;
		if (typeof delayMs !== 'number' || delayMs < 0 || delayMs > 600000) {
			throw new FaultInputError('delayMs must be between 0 and 600000');
		}
		const retryAfter = spec.retryAfter ?? 1;
		if (typeof retryAfter !== 'number' || retryAfter < 0) {
			throw new FaultInputError('retryAfter must be a number >= 0');
		}
		const status =
			spec.kind === 'redirect'
				? (spec.status ?? 302)
				: spec.kind === 'answer'
					? (spec.status ?? 400)
					: null;
		if (
			spec.kind === 'redirect' &&
			!(REDIRECT_STATUSES as readonly number[]).includes(status as number)
		) {
			throw new FaultInputError(`status must be one of ${REDIRECT_STATUSES.join(', ')}`);
		}
		if (
			spec.kind === 'answer' &&
			!(Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599)
		) {
			throw new FaultInputError('status must be an integer from 400 to 599');
		}
		const body = spec.kind === 'answer' || spec.kind === 'patch-json' ? (spec.body ?? {}) : null;
		if (
			spec.kind === 'patch-json' &&
			(typeof body !== 'object' || body === null || Array.isArray(body))
		) {
			throw new FaultInputError('body must be a JSON object');
		}
		const location = spec.kind === 'redirect' ? (spec.location ?? DEFAULT_REDIRECT_LOCATION) : null;
		if (location !== null && (typeof location !== 'string' || location.length === 0)) {
			throw new FaultInputError('location must be a non-empty string');
		}
		const resetSeconds =
			spec.kind === 'rate-limit-reset'
				? (spec.resetSeconds ?? DEFAULT_RESET_SECONDS)
				: (spec.resetSeconds ?? null);
		if (resetSeconds !== null && (typeof resetSeconds !== 'number' || resetSeconds < 0)) {
			throw new FaultInputError('resetSeconds must be a number >= 0');
		}
		const window = spec.window ?? 'minute';
		if (!WINDOWS.includes(window)) {
			throw new FaultInputError(`window must be one of ${WINDOWS.join(', ')}`);
		}
		const method = (spec.method ?? '*').toUpperCase();
		const rule = {
			id: `flt_${randomHex(12)}`,
			method,
			path: spec.path,
			kind: spec.kind,
			count,
			remaining: count,
			delayMs,
			retryAfter,
			status,
			location,
			resetSeconds,
			window,
			body,
			regex:
				spec.path.replace(/\/+$/, '') === ''
					? /^\//
					: compilePattern(spec.path.replace(/\/+$/, ''), true),
		};
		this.rules.push(rule);
		return publicRule(rule);
	}

	/** The first active rule matching the request, with one use taken from it. */
	take(method: string, path: string): FaultRule | null {
		const rule = this.rules.find(
			(candidate) =>
				candidate.remaining > 0 &&
				(candidate.method === '*' || candidate.method === method.toUpperCase()) &&
				candidate.regex.test(path),
		);
		if (!rule) return null;
		rule.remaining--;
		if (rule.remaining === 0) this.rules = this.rules.filter((candidate) => candidate !== rule);
		return publicRule(rule);
	}

	list(): FaultRule[] {
		return this.rules.map(publicRule);
	}

	/** Settles once {@link releaseHeld} is called: a `hold` fault's request waits for it. */
	async waitForRelease(): Promise<void> {
		await new Promise<void>((resolve) => this.held.push(resolve));
	}

	/** Lets every held request go on; returns how many there were. */
	releaseHeld(): number {
		const held = this.held;
		this.held = [];
		for (const release of held) release();
		return held.length;
	}

	/** Removes every rule and lets held requests go on (none stays stuck). */
	clear(): void {
		this.rules = [];
		this.releaseHeld();
	}
}

function publicRule(rule: FaultRule): FaultRule {
	return {
		id: rule.id,
		method: rule.method,
		path: rule.path,
		kind: rule.kind,
		count: rule.count,
		remaining: rule.remaining,
		delayMs: rule.delayMs,
		retryAfter: rule.retryAfter,
		status: rule.status,
		location: rule.location,
		resetSeconds: rule.resetSeconds,
		window: rule.window,
		body: rule.body,
	};
}

/** `X-RateLimit-Remaining: 0` and a reset `resetSeconds` ahead, in the window's header set. */
export function exhaustedRateLimitHeaders(
	window: RateLimitWindow,
	resetUnixSeconds: number,
): Record<string, string> {
	const suffix = window === 'minute' ? '' : window === 'hour' ? '-Hour' : '-Day';
	return {
		[`X-RateLimit-Limit${suffix}`]: '1',
		[`X-RateLimit-Remaining${suffix}`]: '0',
		[`X-RateLimit-Reset${suffix}`]: String(resetUnixSeconds),
	};
}

/** A login page as a proxy or captive portal answers it: 200, HTML, no API JSON. */
export const HTML_LOGIN_PAGE = Buffer.from(
	'<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action="/login" method="post"><input name="user"><input name="password" type="password"><button>Sign in</button></form></body></html>',
	'utf8',
);
