import { compilePattern } from './http';
import { SimInputError } from './errors';
import { randomHex } from './ids';

/**
 * Fault injection for the next `count` provider requests matching a method and path:
 * - `500`: the provider's 500 error, nothing done;
 * - `429`: the provider's 429 with Retry-After = `retryAfter` (default 1), nothing done,
 *   no quota used;
 * - `slow`: answered correctly after `delayMs` (default 2000) real milliseconds;
 * - `drop-after-accept`: fully performed (the fax exists), then the socket is destroyed
 *   without a response;
 * - `drop-before-accept`: the socket is destroyed without acting.
 */
export type FaultKind = '500' | '429' | 'slow' | 'drop-after-accept' | 'drop-before-accept';

export const FAULT_KINDS: readonly FaultKind[] = [
	'500',
	'429',
	'slow',
	'drop-after-accept',
	'drop-before-accept',
];

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
}

export class FaultInputError extends SimInputError {}

export class FaultInjector {
	private rules: Array<FaultRule & { regex: RegExp }> = [];

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

	clear(): void {
		this.rules = [];
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
	};
}
