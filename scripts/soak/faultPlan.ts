import type { FaultKind, FaultSpec, Simulator } from '../../simulator';
import { createRng } from '../lib/rng';
import type { ProviderName } from '../lib/setup';

/** The routes faults are injected on, per provider, and how often. */
export interface FaultRoute {
	method: string;
	path: string;
	rate: number;
	/** How many requests of the route the plan covers (later ones pass untouched). */
	length: number;
}

export function faultRoutes(
	provider: ProviderName,
	sends: number,
	sendRate: number,
	listRate: number,
): FaultRoute[] {
	switch (provider) {
		case 'faxRocks':
			return [
				{ method: 'POST', path: '/faxrocks/api/send', rate: sendRate, length: sends * 3 },
				// The id lookup before and after every send (more after a lost answer).
				{ method: 'GET', path: '/faxrocks/api/faxes', rate: listRate, length: sends * 8 },
			];
		case 'faxDrop':
			return [{ method: 'POST', path: '/faxdrop/api/send-fax', rate: sendRate, length: sends * 3 }];
		case 'sendFaxMail':
			return [{ method: 'POST', path: '/sendfaxmail/v1/faxes', rate: sendRate, length: sends * 3 }];
	}
}

/** What a request can meet, by the name the report uses. */
export const SOAK_FAULTS: Record<string, FaultSpecOf> = {
	'500': { kind: '500' },
	'429': { kind: '429', retryAfter: 1 },
	'429 Retry-After 0': { kind: '429', retryAfter: 0 },
	slow: { kind: 'slow' },
	'drop-after-accept': { kind: 'drop-after-accept' },
	'drop-before-accept': { kind: 'drop-before-accept' },
	// To another origin: the node must neither follow it nor send the key or document there.
	redirect: { kind: 'redirect', location: 'https://login.example.invalid/sso' },
	'html-200': { kind: 'html-200' },
	'truncated-json': { kind: 'truncated-json' },
	hang: { kind: 'hang' },
};
const LABELS = Object.keys(SOAK_FAULTS);
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

type FaultSpecOf = Omit<FaultSpec, 'path' | 'method'> & { kind: FaultKind };

export interface PlannedRoute extends FaultRoute {
	/** What the n-th request of the route meets (a label of SOAK_FAULTS, or 'pass'). */
	script: string[];
}

/**
 * Installs a seeded random script of fault rules: one rule per request of each route, in
 * order — a fault with probability `rate`, otherwise a pass-through (`slow` with no delay).
 * The simulator applies the first active matching rule to each request, so every request
 * meets its own random draw wherever it falls in an execution.
 */
export function installFaultPlan(
	sim: Simulator,
	routes: FaultRoute[],
	seed: number,
): PlannedRoute[] {
	const rng = createRng(seed);
	return routes.map((route) => {
		const script: PlannedRoute['script'] = [];
		for (let index = 0; index < route.length; index++) {
			if (rng() >= route.rate) {
				script.push('pass');
				sim.addFault({ method: route.method, path: route.path, kind: 'slow', delayMs: 0 });
				continue;
			}
			const label = LABELS[Math.floor(rng() * LABELS.length)];
			const spec = SOAK_FAULTS[label];
			script.push(label);
			sim.addFault({
				...spec,
				method: route.method,
				path: route.path,
				delayMs: spec.kind === 'slow' ? 200 + Math.floor(rng() * 1300) : 0,
				...(spec.kind === 'redirect'
					? { status: REDIRECT_STATUSES[Math.floor(rng() * REDIRECT_STATUSES.length)] }
					: {}),
			});
		}
		return { ...route, script };
	});
}

/** Faults the requests actually met: the first N entries of each route's script, N = its requests. */
export function faultsMet(sim: Simulator, plan: PlannedRoute[]): Record<string, number> {
	const met: Record<string, number> = { requests: 0 };
	for (const route of plan) {
		const requests = sim
			.requests({ method: route.method, path: route.path })
			.filter((entry) => entry.path === route.path).length;
		met.requests += requests;
		for (const kind of route.script.slice(0, requests)) {
			if (kind !== 'pass') met[kind] = (met[kind] ?? 0) + 1;
		}
	}
	return met;
}
