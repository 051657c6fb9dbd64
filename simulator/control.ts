import { SimInputError } from './errors';
import type { FaultKind, FaultSpec } from './faults';
import type { Route, SimRequest, SimResponse } from './http';
import { isPlainObject, json, matchRoute, parseJsonBody, route } from './http';
import { SIM_KEYS } from './keys';
import type { SimStatus } from './lifecycle';
import { MAGIC_NUMBERS } from './magic';
import type { Simulator } from './simulator';
import type { SignatureVariant, WebhookEventType } from './webhooks';

/**
 * The control API under `/_sim` (JSON, no auth). Every endpoint calls the same method of
 * the in-process `Simulator`. Bad input answers 400 `{ "error": "..." }`.
 */
type Sim = Simulator;

function body(request: SimRequest): Record<string, unknown> {
	const parsed = parseJsonBody(request);
	if (parsed === null) return {};
	if (!isPlainObject(parsed)) throw new SimInputError('body must be a JSON object');
	return parsed;
}

function optionalString(value: unknown, name: string): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw new SimInputError(`${name} must be a string`);
	return value;
}

const routes: Array<Route<Sim>> = [
	route<Sim>('/_sim', {
		GET: (request, _params, sim) =>
			json(200, {
				url: sim.url,
				baseUrls: sim.baseUrls,
				keys: SIM_KEYS,
				magicNumbers: MAGIC_NUMBERS,
				clock: sim.clock(),
				config: sim.getConfig(),
				docs: 'simulator/README.md',
				origin: request.origin,
			}),
	}),
	route<Sim>('/_sim/reset', {
		POST: (_request, _params, sim) => {
			sim.reset();
			return json(200, { ok: true, clock: sim.clock() });
		},
	}),
	route<Sim>('/_sim/clock', { GET: (_request, _params, sim) => json(200, sim.clock()) }),
	route<Sim>('/_sim/clock/advance', {
		POST: async (request, _params, sim) => {
			const { seconds } = body(request);
			if (typeof seconds !== 'number') throw new SimInputError('seconds must be a number');
			return json(200, await sim.advanceClock(seconds));
		},
	}),
	route<Sim>('/_sim/clock/speed', {
		POST: (request, _params, sim) => {
			const { speed } = body(request);
			if (typeof speed !== 'number') throw new SimInputError('speed must be a number');
			return json(200, sim.setSpeed(speed));
		},
	}),
	route<Sim>('/_sim/config', {
		GET: (_request, _params, sim) => json(200, sim.getConfig()),
		POST: (request, _params, sim) => json(200, sim.configure(body(request))),
	}),
	route<Sim>('/_sim/faults', {
		GET: (_request, _params, sim) => json(200, { faults: sim.faults() }),
		POST: (request, _params, sim) => {
			const spec = body(request);
			return json(
				201,
				sim.addFault({
					method: optionalString(spec.method, 'method'),
					path: optionalString(spec.path, 'path') ?? '',
					kind: spec.kind as FaultKind,
					count: spec.count as number | undefined,
					delayMs: spec.delayMs as number | undefined,
					retryAfter: spec.retryAfter as number | undefined,
					status: spec.status as number | undefined,
					location: spec.location as string | undefined,
					resetSeconds: spec.resetSeconds as number | undefined,
					window: spec.window as FaultSpec['window'],
					body: spec.body,
				}),
			);
		},
		DELETE: (_request, _params, sim) => {
			sim.clearFaults();
			return json(200, { ok: true });
		},
	}),
	route<Sim>('/_sim/faults/release', {
		POST: (_request, _params, sim) => json(200, { released: sim.releaseHeld() }),
	}),
	route<Sim>('/_sim/requests', {
		GET: (request, _params, sim) =>
			json(200, {
				requests: sim.requests({
					provider: request.query.get('provider') ?? undefined,
					method: request.query.get('method') ?? undefined,
					path: request.query.get('path') ?? undefined,
				}),
			}),
		DELETE: (_request, _params, sim) => {
			sim.clearRequests();
			return json(200, { ok: true });
		},
	}),
	route<Sim>('/_sim/faxes', {
		GET: (request, _params, sim) => {
			const faxes = sim.faxes({
				provider: request.query.get('provider') ?? undefined,
				to: request.query.get('to') ?? undefined,
			});
			return json(200, { total: faxes.length, faxes });
		},
	}),
	route<Sim>('/_sim/faxes/{id}', {
		GET: (_request, params, sim) => {
			const fax = sim.fax(params.id);
			return fax ? json(200, fax) : json(404, { error: `no fax ${params.id}` });
		},
	}),
	route<Sim>('/_sim/faxes/{id}/force', {
		POST: async (request, params, sim) => {
			const { status } = body(request);
			if (status !== null && typeof status !== 'string')
				throw new SimInputError('status must be a string or null');
			return json(200, await sim.forceStatus(params.id, status as SimStatus | null));
		},
	}),
	route<Sim>('/_sim/seed', {
		POST: (request, _params, sim) => {
			const input = body(request);
			return json(
				201,
				sim.seed({
					provider: optionalString(input.provider, 'provider') ?? '',
					count: input.count as number,
					key: optionalString(input.key, 'key'),
					spreadSeconds: input.spreadSeconds as number | undefined,
				}),
			);
		},
	}),
	route<Sim>('/_sim/accounts/{provider}/{key}', {
		POST: (request, params, sim) =>
			json(200, {
				provider: params.provider,
				flags: sim.setAccountFlags(params.provider, params.key, body(request)),
			}),
	}),
	route<Sim>('/_sim/sendfaxmail/webhooks', {
		GET: (_request, _params, sim) =>
			json(200, { endpoints: sim.webhooks(), deliveries: sim.webhookDeliveries() }),
		POST: (request, _params, sim) => {
			const input = body(request);
			const endpoint = sim.addWebhook({
				url: optionalString(input.url, 'url') ?? '',
				secret: optionalString(input.secret, 'secret') ?? '',
				events: input.events as WebhookEventType[] | undefined,
				key: optionalString(input.key, 'key'),
			});
			return json(201, { ...endpoint, secret: `${endpoint.secret.slice(0, 4)}…` });
		},
		DELETE: (_request, _params, sim) => {
			sim.clearWebhooks();
			return json(200, { ok: true });
		},
	}),
	route<Sim>('/_sim/sendfaxmail/webhooks/deliveries', {
		GET: (_request, _params, sim) => json(200, { deliveries: sim.webhookDeliveries() }),
	}),
	route<Sim>('/_sim/sendfaxmail/webhooks/replay', {
		POST: async (request, _params, sim) => {
			const input = body(request);
			const deliveryId = optionalString(input.deliveryId, 'deliveryId');
			if (!deliveryId) throw new SimInputError('deliveryId is required');
			const variant = (optionalString(input.variant, 'variant') ?? 'verbatim') as SignatureVariant;
			return json(200, await sim.replayWebhook(deliveryId, variant));
		},
	}),
	route<Sim>('/_sim/sendfaxmail/inbound', {
		POST: async (request, _params, sim) => {
			const input = body(request);
			return json(
				201,
				await sim.receiveInbound({
					from: input.from as string,
					pages: input.pages as number | undefined,
					key: optionalString(input.key, 'key'),
					variant: optionalString(input.variant, 'variant') as SignatureVariant | undefined,
				}),
			);
		},
	}),
];

export async function handleControl(sim: Simulator, request: SimRequest): Promise<SimResponse> {
	const match = matchRoute(routes, request.method, request.path);
	if (match.kind === 'none')
		return json(404, { error: `no control endpoint ${request.method} ${request.path}` });
	if (match.kind === 'method') {
		return json(
			405,
			{ error: `${request.method} not allowed; use ${match.allowed.join(', ')}` },
			{
				Allow: match.allowed.join(', '),
			},
		);
	}
	try {
		return await match.handler(request, match.params, sim);
	} catch (error) {
		if (error instanceof SimInputError) return json(400, { error: error.message });
		process.stderr.write(
			`[fax-simulator] control error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		return json(500, { error: error instanceof Error ? error.message : String(error) });
	}
}
