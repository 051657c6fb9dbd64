import { createHmac } from 'node:crypto';

import { SimInputError } from './errors';
import { randomHex } from './ids';

/**
 * SendFAXMail webhook deliveries. Each delivery is a JSON POST signed like the docs say:
 * `X-SFM-Signature: t=<unix>,v1=<hex>` with hex = HMAC-SHA256(secret, `${t}.${rawBody}`).
 * `t` is the REAL unix time of sending (receivers compare it with their own clock), while
 * the event's `created_at` is virtual time. One attempt per delivery, no automatic retries.
 */
export type WebhookEventType = 'fax.delivered' | 'fax.failed' | 'fax.received';

export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = [
	'fax.delivered',
	'fax.failed',
	'fax.received',
];

/** How a (re)delivery is signed. */
export type SignatureVariant =
	| 'valid'
	/** Same body and the very same header as the original (replay). */
	| 'verbatim'
	/** Correct t, v1 computed with a wrong secret. */
	| 'bad-signature'
	/** Correctly signed, but t is 10 minutes in the past. */
	| 'stale-timestamp'
	/** No X-SFM-Signature header. */
	| 'missing-signature';

export const SIGNATURE_VARIANTS: readonly SignatureVariant[] = [
	'valid',
	'verbatim',
	'bad-signature',
	'stale-timestamp',
	'missing-signature',
];

export interface WebhookEndpoint {
	id: string;
	url: string;
	secret: string;
	events: WebhookEventType[];
	account: string;
}

export interface WebhookEvent {
	id: string;
	type: WebhookEventType;
	created_at: string;
	data: Record<string, unknown>;
}

export interface WebhookDelivery {
	id: string;
	eventId: string;
	type: WebhookEventType;
	endpointId: string;
	url: string;
	variant: SignatureVariant;
	/** Set for replays / re-sends: the delivery repeated. */
	replayOf: string | null;
	/** The exact header sent (null when missing). */
	signature: string | null;
	timestamp: number;
	/** The exact raw body sent. */
	body: string;
	/** Real time the request was sent, ISO. */
	sentAt: string;
	/** HTTP status of the receiver, null on a network error or timeout. */
	statusCode: number | null;
	error: string | null;
	durationMs: number;
}

export class WebhookInputError extends SimInputError {}

export const STALE_SECONDS = 600;

export function sign(secret: string, timestamp: number, rawBody: string): string {
	const hex = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
	return `t=${timestamp},v1=${hex}`;
}

export class WebhookManager {
	private endpoints: WebhookEndpoint[] = [];
	private deliveries: WebhookDelivery[] = [];
	private queue: Promise<unknown> = Promise.resolve();
	private generation = 0;

	constructor(private readonly timeoutMs: number) {}

	addEndpoint(input: {
		url: unknown;
		secret: unknown;
		events?: unknown;
		account: string;
	}): WebhookEndpoint {
		if (typeof input.url !== 'string' || !/^https?:\/\//.test(input.url)) {
			throw new WebhookInputError('url must be an http(s) URL');
		}
		if (typeof input.secret !== 'string' || input.secret.length === 0) {
			throw new WebhookInputError('secret must be a non-empty string');
		}
		let events: WebhookEventType[] = [...WEBHOOK_EVENT_TYPES];
		if (input.events !== undefined) {
			if (
				!Array.isArray(input.events) ||
				input.events.some((event) => !WEBHOOK_EVENT_TYPES.includes(event as WebhookEventType))
			) {
				throw new WebhookInputError(`events must be a list of ${WEBHOOK_EVENT_TYPES.join(', ')}`);
			}
			events = input.events as WebhookEventType[];
		}
		const endpoint: WebhookEndpoint = {
			id: `we_${randomHex(16)}`,
			url: input.url,
			secret: input.secret,
			events,
			account: input.account,
		};
		this.endpoints.push(endpoint);
		return endpoint;
	}

	listEndpoints(): WebhookEndpoint[] {
		return this.endpoints.map((endpoint) => ({
			...endpoint,
			secret: `${endpoint.secret.slice(0, 4)}…`,
		}));
	}

	clearEndpoints(): void {
		this.endpoints = [];
	}

	listDeliveries(): WebhookDelivery[] {
		return [...this.deliveries];
	}

	/** Queue deliveries of `event` to every endpoint of `account` subscribed to its type. */
	emit(
		account: string,
		event: WebhookEvent,
		variant: SignatureVariant = 'valid',
	): Promise<WebhookDelivery[]> {
		const rawBody = JSON.stringify(event);
		const targets = this.endpoints.filter(
			(endpoint) => endpoint.account === account && endpoint.events.includes(event.type),
		);
		return Promise.all(
			targets.map((endpoint) =>
				this.enqueue(() => this.send(endpoint, event.id, event.type, rawBody, variant, null, null)),
			),
		);
	}

	/** Send a recorded delivery again: verbatim by default, or re-signed per `variant`. */
	replay(deliveryId: string, variant: SignatureVariant = 'verbatim'): Promise<WebhookDelivery> {
		const original = this.deliveries.find((delivery) => delivery.id === deliveryId);
		if (!original) throw new WebhookInputError(`no delivery ${deliveryId}`);
		if (!SIGNATURE_VARIANTS.includes(variant)) {
			throw new WebhookInputError(`variant must be one of ${SIGNATURE_VARIANTS.join(', ')}`);
		}
		const endpoint = this.endpoints.find((candidate) => candidate.id === original.endpointId) ?? {
			id: original.endpointId,
			url: original.url,
			secret: '',
			events: [],
			account: '',
		};
		return this.enqueue(() =>
			this.send(
				endpoint,
				original.eventId,
				original.type,
				original.body,
				variant,
				original.id,
				original.signature,
			),
		);
	}

	/** Resolves when every queued delivery has been attempted. */
	async drain(): Promise<void> {
		let current: Promise<unknown>;
		do {
			current = this.queue;
			await current;
		} while (current !== this.queue);
	}

	reset(): void {
		this.generation++;
		this.endpoints = [];
		this.deliveries = [];
	}

	private enqueue<T>(task: () => Promise<T>): Promise<T> {
		const run = this.queue.then(task, task);
		this.queue = run.catch(() => undefined);
		return run;
	}

	private async send(
		endpoint: WebhookEndpoint,
		eventId: string,
		type: WebhookEventType,
		rawBody: string,
		variant: SignatureVariant,
		replayOf: string | null,
		originalSignature: string | null,
	): Promise<WebhookDelivery> {
		const generation = this.generation;
		const now = Math.floor(Date.now() / 1000);
		let timestamp = now;
		let signature: string | null;
		switch (variant) {
			case 'verbatim':
				signature = originalSignature;
				timestamp = Number(/t=(\d+)/.exec(originalSignature ?? '')?.[1] ?? now);
				break;
			case 'bad-signature':
				signature = sign(`${endpoint.secret}-wrong`, now, rawBody);
				break;
			case 'stale-timestamp':
				timestamp = now - STALE_SECONDS;
				signature = sign(endpoint.secret, timestamp, rawBody);
				break;
			case 'missing-signature':
				signature = null;
				break;
			default:
				signature = sign(endpoint.secret, now, rawBody);
		}
		const headers: Record<string, string> = {
			'Content-Type': 'application/json',
			'User-Agent': 'SendFAXMail-Webhooks/1.0 (simulator)',
			'X-SFM-Event': type,
			'X-SFM-Event-Id': eventId,
		};
		if (signature !== null) headers['X-SFM-Signature'] = signature;
		const delivery: WebhookDelivery = {
			id: `whd_${randomHex(16)}`,
			eventId,
			type,
			endpointId: endpoint.id,
			url: endpoint.url,
			variant,
			replayOf,
			signature,
			timestamp,
			body: rawBody,
			sentAt: new Date().toISOString(),
			statusCode: null,
			error: null,
			durationMs: 0,
		};
		const started = Date.now();
		try {
			const response = await fetch(endpoint.url, {
				method: 'POST',
				headers,
				body: rawBody,
				signal: AbortSignal.timeout(this.timeoutMs),
			});
			delivery.statusCode = response.status;
			await response.arrayBuffer();
		} catch (error) {
			delivery.error = error instanceof Error ? error.message : String(error);
		}
		delivery.durationMs = Date.now() - started;
		if (generation === this.generation) this.deliveries.push(delivery);
		return delivery;
	}
}
