import { createHash } from 'node:crypto';

import type { ProviderModule, SeedOptions, SendGate, SimContext } from '../context';
import { flagsOf, iso, seededRecipient } from '../context';
import { SimInputError } from '../errors';
import type { Route, SimRequest, SimResponse } from '../http';
import {
	bearerToken,
	header,
	isPlainObject,
	json,
	matchRoute,
	parseJsonBody,
	pdf,
	route,
} from '../http';
import { randomHex } from '../ids';
import type { SendFaxMailKey, SendFaxMailScope } from '../keys';
import { SENDFAXMAIL_KEYS, SENDFAXMAIL_KEY_INFO, SFM_ACCOUNT_NUMBERS } from '../keys';
import type { FaxRecord, StoredDocument } from '../lifecycle';
import { faxStateAt, isFinal } from '../lifecycle';
import type { DocumentMimeType } from '../pdf';
import { DOCUMENT_MIME_TYPES, countDocumentPages, detectMimeType, makeSimplePdf } from '../pdf';
import type { RateCheck, RatePolicy } from '../rateLimit';
import { createFax, seedFaxes } from '../records';
import type { SignatureVariant, WebhookEvent, WebhookEventType } from '../webhooks';

/**
 * SendFAXMail REST API v1 (`<sim>/sendfaxmail`). Bearer `sfm_live_…` keys with plans and
 * scopes, errors `{ "error": { "type", "message" } }`, Idempotency-Key on POST /v1/faxes and
 * POST /v1/scheduled, 60 sends/min per key. Response bodies are not documented: the shapes
 * here are the simulator's choice (see simulator/README.md).
 */
export const SEND_POLICY: RatePolicy = { name: 'sfm_send', limits: { minute: 60 } };
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
export const SCHEDULE_MIN_SECONDS = 60;
export const SCHEDULE_MAX_SECONDS = 180 * 86400;
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/** Pages assumed for a document_url the simulator does not fetch. */
export const PLACEHOLDER_PAGES = 1;

const E164 = /^\+[1-9]\d{7,14}$/;
const NUMBER_CREATED_AT = '2024-03-01T00:00:00.000Z';

const GATE_MESSAGES: Record<SendGate, string> = {
	quota: 'Monthly fax quota reached. Upgrade your plan or wait for the next billing cycle.',
	baa: 'A signed HIPAA BAA is required before sending faxes from this account.',
	no_number: 'No active fax number on this account.',
};

type Auth = { key: string; info: SendFaxMailKey };

interface ScheduledRecord {
	seq: number;
	id: string;
	account: string;
	to: string;
	status: 'pending' | 'sent' | 'failed' | 'canceled';
	sendAt: number;
	createdAt: number;
	faxId: string | null;
	document: StoredDocument | null;
	documentUrl: string | null;
	pages: number;
	idempotencyKey: string | null;
	createdWith: string;
}

interface Contact {
	seq: number;
	id: string;
	account: string;
	name: string;
	fax_number: string;
	company: string | null;
	createdAt: number;
}

interface IdempotencyEntry {
	kind: 'fax' | 'scheduled';
	id: string;
	expiresAt: number;
}

interface ValidDocument {
	document: StoredDocument | null;
	documentUrl: string | null;
	pages: number;
}

function sfmError(
	status: number,
	type: string,
	message: string,
	headers?: Record<string, string>,
): SimResponse {
	return json(status, { error: { type, message } }, headers);
}

const invalid = (message: string, headers?: Record<string, string>): SimResponse =>
	sfmError(400, 'invalid_request', message, headers);

function hashId(prefix: string, seed: string): string {
	return `${prefix}_${createHash('sha256').update(seed).digest('hex').slice(0, 16)}`;
}

function paging(request: SimRequest): { page: number; limit: number } | SimResponse {
	const limitRaw = request.query.get('limit');
	const pageRaw = request.query.get('page');
	const limit = limitRaw === null ? 25 : Number(limitRaw);
	const page = pageRaw === null ? 1 : Number(pageRaw);
	if (
		!Number.isInteger(limit) ||
		limit < 1 ||
		limit > 100 ||
		(limitRaw !== null && !/^\d+$/.test(limitRaw))
	) {
		return invalid('`limit` must be an integer between 1 and 100.');
	}
	if (!Number.isInteger(page) || page < 1 || (pageRaw !== null && !/^\d+$/.test(pageRaw))) {
		return invalid('`page` must be an integer >= 1.');
	}
	return { page, limit };
}

function pageOf<T>(items: readonly T[], page: number, limit: number, render: (item: T) => unknown) {
	const start = (page - 1) * limit;
	return {
		data: items.slice(start, start + limit).map(render),
		page,
		limit,
		total: items.length,
		has_more: start + limit < items.length,
	};
}

export class SendFaxMailProvider implements ProviderModule {
	readonly name = 'sendFaxMail' as const;
	readonly prefix = '/sendfaxmail';
	private readonly routes: Array<Route<Auth>>;
	private scheduled: ScheduledRecord[] = [];
	private contacts: Contact[] = [];
	private idempotency = new Map<string, IdempotencyEntry>();
	/** Outbound faxes whose final webhook has not been emitted yet. */
	private awaitingFinal = new Set<string>();
	private seq = 0;

	constructor(
		private readonly context: SimContext,
		private readonly emit: (
			account: string,
			event: WebhookEvent,
			variant?: SignatureVariant,
		) => void,
	) {
		const h =
			(
				scope: SendFaxMailScope,
				fn: (
					request: SimRequest,
					params: Record<string, string>,
					auth: Auth,
				) => SimResponse | Promise<SimResponse>,
			) =>
			(request: SimRequest, params: Record<string, string>, auth: Auth) =>
				auth.info.scopes.includes(scope)
					? fn(request, params, auth)
					: sfmError(403, 'forbidden', `This API key lacks the required scope: ${scope}.`);
		this.routes = [
			route<Auth>('/v1/faxes', {
				GET: h('faxes:read', (request, _params, auth) => this.listFaxes(request, auth)),
				POST: h('faxes:send', (request, _params, auth) => this.sendFax(request, auth)),
			}),
			route<Auth>('/v1/faxes/{id}', {
				GET: h('faxes:read', (_request, params, auth) => this.getFax(params.id, auth)),
			}),
			route<Auth>('/v1/faxes/{id}/document', {
				GET: h('faxes:read', (_request, params, auth) => this.getDocument(params.id, auth)),
			}),
			route<Auth>('/v1/numbers', {
				GET: h('numbers:read', (_request, _params, auth) => this.listNumbers(auth)),
			}),
			route<Auth>('/v1/contacts', {
				GET: h('contacts:read', (request, _params, auth) => this.listContacts(request, auth)),
				POST: h('contacts:write', (request, _params, auth) => this.createContact(request, auth)),
			}),
			route<Auth>('/v1/contacts/{id}', {
				GET: h('contacts:read', (_request, params, auth) => this.getContact(params.id, auth)),
				DELETE: h('contacts:write', (_request, params, auth) =>
					this.deleteContact(params.id, auth),
				),
			}),
			route<Auth>('/v1/scheduled', {
				GET: h('scheduled:read', (request, _params, auth) => this.listScheduled(request, auth)),
				POST: h('scheduled:write', (request, _params, auth) => this.createScheduled(request, auth)),
			}),
			route<Auth>('/v1/scheduled/{id}', {
				GET: h('scheduled:read', (_request, params, auth) => this.getScheduled(params.id, auth)),
				DELETE: h('scheduled:write', (_request, params, auth) =>
					this.cancelScheduled(params.id, auth),
				),
			}),
		];
	}

	accountOf(key: string): string | null {
		if (SENDFAXMAIL_KEY_INFO[key]) return SENDFAXMAIL_KEY_INFO[key].account;
		return Object.values(SENDFAXMAIL_KEY_INFO).some((info) => info.account === key) ? key : null;
	}

	reset(): void {
		this.scheduled = [];
		this.contacts = [];
		this.idempotency.clear();
		this.awaitingFinal.clear();
		this.seq = 0;
	}

	faultResponse(kind: '500' | '429', retryAfterSeconds: number): SimResponse {
		if (kind === '429') {
			return sfmError(429, 'rate_limited', 'Rate limit exceeded. Back off and retry.', {
				'Retry-After': String(retryAfterSeconds),
			});
		}
		return sfmError(500, 'internal_error', 'An unexpected error occurred.');
	}

	handle(request: SimRequest): SimResponse | Promise<SimResponse> {
		const subPath = request.path.slice(this.prefix.length) || '/';
		const match = matchRoute(this.routes, request.method, subPath);
		if (match.kind === 'none')
			return sfmError(404, 'not_found', `No route ${request.method} ${subPath}.`);
		if (match.kind === 'method') {
			return sfmError(
				405,
				'method_not_allowed',
				`${request.method} is not allowed on ${match.route.pattern}. Allowed: ${match.allowed.join(', ')}.`,
				{ Allow: match.allowed.join(', ') },
			);
		}
		const key = bearerToken(request);
		if (!key)
			return sfmError(
				401,
				'unauthorized',
				'Missing API key. Send Authorization: Bearer sfm_live_….',
			);
		const info = SENDFAXMAIL_KEY_INFO[key];
		if (!info) return sfmError(401, 'unauthorized', 'Invalid or revoked API key.');
		if (info.plan !== 'business') {
			return sfmError(
				403,
				'plan_upgrade_required',
				'The REST API is available on the Business and Enterprise plans. Upgrade to use this key.',
			);
		}
		return match.handler(request, match.params, { key, info });
	}

	// ---- faxes -------------------------------------------------------------------------

	private faxResource(record: FaxRecord, origin: string): Record<string, unknown> {
		const state = faxStateAt(record, this.context.clock.now());
		const status = {
			scheduled: 'queued',
			queued: 'queued',
			sending: 'sending',
			unknown: 'sending',
			delivered: 'delivered',
			failed: 'failed',
			partial: 'failed',
		}[state.status];
		const resource: Record<string, unknown> = {
			id: record.id,
			object: 'fax',
			direction: record.direction,
			to: record.to,
			from: record.from,
			status,
			pages: record.pages,
			error: state.error ? { code: state.error.code, message: state.error.message } : null,
			created_at: iso(record.createdAt),
			sent_at: state.sendingAt !== null ? iso(state.sendingAt) : null,
			completed_at: state.completedAt !== null ? iso(state.completedAt) : null,
		};
		if (record.direction === 'inbound') {
			resource.document_url = `${origin}${this.prefix}/v1/faxes/${record.id}/document`;
		}
		return resource;
	}

	private ownFax(id: string, auth: Auth): FaxRecord | null {
		const record = this.context.store.get(id);
		return record && record.provider === 'sendFaxMail' && record.account === auth.info.account
			? record
			: null;
	}

	private idempotencyKey(request: SimRequest): string | null | SimResponse {
		const value = header(request, 'idempotency-key');
		if (value === undefined) return null;
		if (value.length < 1 || value.length > 255)
			return invalid('Idempotency-Key must be 1-255 characters.');
		return value;
	}

	private replayed(auth: Auth, routeName: string, key: string | null): IdempotencyEntry | null {
		if (key === null) return null;
		const id = `${auth.key}|${routeName}|${key}`;
		const entry = this.idempotency.get(id);
		if (!entry) return null;
		if (entry.expiresAt <= this.context.clock.now()) {
			this.idempotency.delete(id);
			return null;
		}
		return entry;
	}

	private remember(
		auth: Auth,
		routeName: string,
		key: string | null,
		entry: Omit<IdempotencyEntry, 'expiresAt'>,
	): void {
		if (key === null) return;
		this.idempotency.set(`${auth.key}|${routeName}|${key}`, {
			...entry,
			expiresAt: this.context.clock.now() + IDEMPOTENCY_TTL_SECONDS * 1000,
		});
	}

	private rateHeaders(check: RateCheck): Record<string, string> {
		const minute = check.windows[0];
		if (!minute) return {};
		return {
			'X-RateLimit-Limit': String(minute.limit),
			'X-RateLimit-Remaining': String(minute.remaining),
			'X-RateLimit-Reset': String(minute.resetUnix),
		};
	}

	/** Validate `to` + `document` / `document_url`; may fetch a local document_url. */
	private async validateSend(
		body: Record<string, unknown>,
		headers: Record<string, string> | undefined,
	): Promise<{ to: string; document: ValidDocument } | SimResponse> {
		if (typeof body.to !== 'string' || body.to.trim() === '') {
			return invalid('`to` is required: the recipient fax number in E.164 format.', headers);
		}
		if (!E164.test(body.to))
			return invalid('`to` must be an E.164 number, e.g. +12125550123.', headers);
		const hasDocument = body.document !== undefined && body.document !== null;
		const hasUrl = body.document_url !== undefined && body.document_url !== null;
		if (hasDocument && hasUrl)
			return invalid('Provide either `document` or `document_url`, not both.', headers);
		if (!hasDocument && !hasUrl) {
			return invalid(
				'Provide a `document` ({content, content_type}) or a `document_url`.',
				headers,
			);
		}
		if (hasDocument) {
			const document = body.document;
			if (!isPlainObject(document))
				return invalid('`document` must be an object {content, content_type}.', headers);
			const contentType = document.content_type;
			if (
				typeof contentType !== 'string' ||
				!DOCUMENT_MIME_TYPES.includes(contentType as DocumentMimeType)
			) {
				return invalid(
					`\`document.content_type\` must be one of ${DOCUMENT_MIME_TYPES.join(', ')}.`,
					headers,
				);
			}
			const content =
				typeof document.content === 'string' ? document.content.replace(/\s+/g, '') : '';
			if (!content || !/^[A-Za-z0-9+/]*={0,2}$/.test(content) || content.length % 4 === 1) {
				return invalid('`document.content` must be non-empty base64.', headers);
			}
			const bytes = Buffer.from(content, 'base64');
			if (bytes.length > MAX_DOCUMENT_BYTES) return invalid('The document exceeds 20 MB.', headers);
			if (detectMimeType(bytes) !== contentType) {
				return invalid(`\`document.content\` is not a valid ${contentType} file.`, headers);
			}
			const mimeType = contentType as DocumentMimeType;
			return {
				to: body.to,
				document: {
					document: { bytes, mimeType },
					documentUrl: null,
					pages: countDocumentPages(bytes, mimeType),
				},
			};
		}
		const url = body.document_url;
		let parsed: URL | null = null;
		try {
			parsed = typeof url === 'string' ? new URL(url) : null;
		} catch {
			parsed = null;
		}
		if (!parsed || typeof url !== 'string')
			return invalid('`document_url` must be a valid URL.', headers);
		if (parsed.protocol === 'https:') {
			return {
				to: body.to,
				document: { document: null, documentUrl: url, pages: PLACEHOLDER_PAGES },
			};
		}
		const local = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
		if (parsed.protocol !== 'http:' || !local || !this.context.config.allowLocalDocumentUrls) {
			return invalid('`document_url` must be a public https URL.', headers);
		}
		let bytes: Buffer;
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
			if (!response.ok)
				return invalid(`Could not fetch document_url (HTTP ${response.status}).`, headers);
			bytes = Buffer.from(await response.arrayBuffer());
		} catch (error) {
			return invalid(
				`Could not fetch document_url: ${error instanceof Error ? error.message : String(error)}`,
				headers,
			);
		}
		const mimeType = detectMimeType(bytes);
		if (!mimeType)
			return invalid('The document at document_url is not a PDF, PNG or JPEG.', headers);
		if (bytes.length > MAX_DOCUMENT_BYTES) return invalid('The document exceeds 20 MB.', headers);
		return {
			to: body.to,
			document: {
				document: { bytes, mimeType },
				documentUrl: url,
				pages: countDocumentPages(bytes, mimeType),
			},
		};
	}

	private gate(account: string): SendGate | null {
		return flagsOf(this.context, 'sendFaxMail', account).sendGate ?? null;
	}

	private async sendFax(request: SimRequest, auth: Auth): Promise<SimResponse> {
		const { limiter } = this.context;
		const check = limiter.check(SEND_POLICY, auth.key);
		if (!check.allowed) {
			return sfmError(
				429,
				'rate_limited',
				`Rate limit exceeded: ${check.exceeded?.limit ?? 0} sends per minute per key. Retry after ${check.retryAfterSeconds} s.`,
				{ ...this.rateHeaders(check), 'Retry-After': String(check.retryAfterSeconds) },
			);
		}
		const headers = this.rateHeaders(limiter.consume(SEND_POLICY, auth.key));
		const key = this.idempotencyKey(request);
		if (typeof key === 'object' && key !== null)
			return { ...key, headers: { ...key.headers, ...headers } };

		const replay = (): SimResponse | null => {
			const entry = this.replayed(auth, 'POST /v1/faxes', key);
			const record = entry ? this.context.store.get(entry.id) : undefined;
			if (!record) return null;
			return json(200, this.faxResource(record, request.origin), {
				...headers,
				'Idempotent-Replayed': 'true',
			});
		};
		const early = replay();
		if (early) return early;

		const body = parseJsonBody(request);
		if (!isPlainObject(body)) return invalid('The request body must be a JSON object.', headers);
		const valid = await this.validateSend(body, headers);
		if ('status' in valid) return valid;
		// A concurrent request with the same key may have finished while a document was fetched.
		const late = replay();
		if (late) return late;

		const gate = this.gate(auth.info.account);
		if (gate) return sfmError(422, 'send_failed', GATE_MESSAGES[gate], headers);

		const record = this.createOutbound(
			auth.info.account,
			auth.key,
			valid.to,
			valid.document,
			key,
			this.context.clock.now(),
		);
		this.remember(auth, 'POST /v1/faxes', key, { kind: 'fax', id: record.id });
		return json(201, this.faxResource(record, request.origin), headers);
	}

	private createOutbound(
		account: string,
		createdWith: string,
		to: string,
		document: ValidDocument,
		idempotencyKey: string | null,
		at: number,
		extra: FaxRecord['extra'] = {},
	): FaxRecord {
		const record = createFax(this.context, {
			provider: 'sendFaxMail',
			makeId: () => `fax_${randomHex(24)}`,
			account,
			createdWith,
			to,
			from: SFM_ACCOUNT_NUMBERS[account] ?? null,
			pages: document.pages,
			createdAt: at,
			idempotencyKey,
			document: document.document,
			documentUrl: document.documentUrl,
			extra,
		});
		this.awaitingFinal.add(record.id);
		return record;
	}

	private listFaxes(request: SimRequest, auth: Auth): SimResponse {
		const paged = paging(request);
		if ('status' in paged) return paged;
		const all = this.context.store.listFor('sendFaxMail', auth.info.account);
		return json(
			200,
			pageOf(all, paged.page, paged.limit, (record) => this.faxResource(record, request.origin)),
		);
	}

	private getFax(id: string, auth: Auth): SimResponse {
		const record = this.ownFax(id, auth);
		if (!record) return sfmError(404, 'not_found', `No fax with id ${id} on your account.`);
		return json(200, this.faxResource(record, this.context.origin()));
	}

	private getDocument(id: string, auth: Auth): SimResponse {
		const record = this.ownFax(id, auth);
		if (!record) return sfmError(404, 'not_found', `No fax with id ${id} on your account.`);
		const bytes =
			record.document?.mimeType === 'application/pdf'
				? record.document.bytes
				: makeSimplePdf(record.pages, 'SendFAXMail fax (simulated)');
		return pdf(bytes, `${record.id}.pdf`);
	}

	// ---- numbers & contacts ------------------------------------------------------------

	private listNumbers(auth: Auth): SimResponse {
		const number = SFM_ACCOUNT_NUMBERS[auth.info.account];
		return json(200, {
			data: number
				? [
						{
							id: hashId('num', auth.info.account),
							object: 'number',
							number,
							status: 'active',
							created_at: NUMBER_CREATED_AT,
						},
					]
				: [],
		});
	}

	private contactResource(contact: Contact): Record<string, unknown> {
		return {
			id: contact.id,
			object: 'contact',
			name: contact.name,
			fax_number: contact.fax_number,
			company: contact.company,
			created_at: iso(contact.createdAt),
		};
	}

	private accountContacts(auth: Auth): Contact[] {
		return this.contacts
			.filter((contact) => contact.account === auth.info.account)
			.sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
	}

	private listContacts(request: SimRequest, auth: Auth): SimResponse {
		const paged = paging(request);
		if ('status' in paged) return paged;
		return json(
			200,
			pageOf(this.accountContacts(auth), paged.page, paged.limit, (c) => this.contactResource(c)),
		);
	}

	private createContact(request: SimRequest, auth: Auth): SimResponse {
		const body = parseJsonBody(request);
		if (!isPlainObject(body)) return invalid('The request body must be a JSON object.');
		const name = typeof body.name === 'string' ? body.name.trim() : '';
		if (!name) return invalid('`name` is required.');
		if (name.length > 200) return invalid('`name` must be 200 characters or fewer.');
		if (typeof body.fax_number !== 'string' || !E164.test(body.fax_number)) {
			return invalid('`fax_number` must be an E.164 number, e.g. +12125550123.');
		}
		let company: string | null = null;
		if (body.company !== undefined && body.company !== null) {
			if (typeof body.company !== 'string' || body.company.length > 200) {
				return invalid('`company` must be a string of 200 characters or fewer.');
			}
			company = body.company;
		}
		const faxNumber = body.fax_number;
		if (
			this.contacts.some(
				(contact) => contact.account === auth.info.account && contact.fax_number === faxNumber,
			)
		) {
			return sfmError(409, 'conflict', `A contact with fax_number ${faxNumber} already exists.`);
		}
		const contact: Contact = {
			seq: ++this.seq,
			id: `contact_${randomHex(24)}`,
			account: auth.info.account,
			name,
			fax_number: faxNumber,
			company,
			createdAt: this.context.clock.now(),
		};
		this.contacts.push(contact);
		return json(201, this.contactResource(contact));
	}

	private findContact(id: string, auth: Auth): Contact | undefined {
		return this.contacts.find(
			(contact) => contact.id === id && contact.account === auth.info.account,
		);
	}

	private getContact(id: string, auth: Auth): SimResponse {
		const contact = this.findContact(id, auth);
		if (!contact) return sfmError(404, 'not_found', `No contact with id ${id} on your account.`);
		return json(200, this.contactResource(contact));
	}

	private deleteContact(id: string, auth: Auth): SimResponse {
		const contact = this.findContact(id, auth);
		if (!contact) return sfmError(404, 'not_found', `No contact with id ${id} on your account.`);
		this.contacts = this.contacts.filter((candidate) => candidate !== contact);
		return json(200, { id, deleted: true });
	}

	// ---- scheduled ---------------------------------------------------------------------

	private scheduledResource(row: ScheduledRecord): Record<string, unknown> {
		return {
			id: row.id,
			object: 'scheduled_fax',
			to: row.to,
			status: row.status,
			send_at: iso(row.sendAt),
			fax_id: row.faxId,
			created_at: iso(row.createdAt),
		};
	}

	private async createScheduled(request: SimRequest, auth: Auth): Promise<SimResponse> {
		const key = this.idempotencyKey(request);
		if (typeof key === 'object' && key !== null) return key;
		const replay = (): SimResponse | null => {
			const entry = this.replayed(auth, 'POST /v1/scheduled', key);
			const row = entry ? this.scheduled.find((candidate) => candidate.id === entry.id) : undefined;
			return row ? json(200, this.scheduledResource(row), { 'Idempotent-Replayed': 'true' }) : null;
		};
		const early = replay();
		if (early) return early;

		const body = parseJsonBody(request);
		if (!isPlainObject(body)) return invalid('The request body must be a JSON object.');
		const now = this.context.clock.now();
		if (typeof body.send_at !== 'string')
			return invalid('`send_at` is required (ISO 8601 with a time zone).');
		const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(body.send_at.trim());
		const sendAt = Date.parse(body.send_at);
		if (!hasZone || Number.isNaN(sendAt)) {
			return invalid(
				'`send_at` must be an ISO 8601 timestamp with a time zone, e.g. 2026-07-01T17:00:00Z.',
			);
		}
		if (sendAt - now < SCHEDULE_MIN_SECONDS * 1000 || sendAt - now > SCHEDULE_MAX_SECONDS * 1000) {
			return invalid('`send_at` must be between 60 seconds and 180 days from now.');
		}
		const valid = await this.validateSend(body, undefined);
		if ('status' in valid) return valid;
		const late = replay();
		if (late) return late;

		const row: ScheduledRecord = {
			seq: ++this.seq,
			id: `sched_${randomHex(24)}`,
			account: auth.info.account,
			to: valid.to,
			status: 'pending',
			sendAt,
			createdAt: now,
			faxId: null,
			document: valid.document.document,
			documentUrl: valid.document.documentUrl,
			pages: valid.document.pages,
			idempotencyKey: key,
			createdWith: auth.key,
		};
		this.scheduled.push(row);
		this.remember(auth, 'POST /v1/scheduled', key, { kind: 'scheduled', id: row.id });
		return json(201, this.scheduledResource(row));
	}

	private accountScheduled(auth: Auth): ScheduledRecord[] {
		return this.scheduled
			.filter((row) => row.account === auth.info.account)
			.sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
	}

	private listScheduled(request: SimRequest, auth: Auth): SimResponse {
		const paged = paging(request);
		if ('status' in paged) return paged;
		return json(
			200,
			pageOf(this.accountScheduled(auth), paged.page, paged.limit, (row) =>
				this.scheduledResource(row),
			),
		);
	}

	private findScheduled(id: string, auth: Auth): ScheduledRecord | undefined {
		return this.scheduled.find((row) => row.id === id && row.account === auth.info.account);
	}

	private getScheduled(id: string, auth: Auth): SimResponse {
		const row = this.findScheduled(id, auth);
		if (!row) return sfmError(404, 'not_found', `No scheduled fax with id ${id} on your account.`);
		return json(200, this.scheduledResource(row));
	}

	private cancelScheduled(id: string, auth: Auth): SimResponse {
		const row = this.findScheduled(id, auth);
		if (!row) return sfmError(404, 'not_found', `No scheduled fax with id ${id} on your account.`);
		if (row.status !== 'pending') {
			return sfmError(
				409,
				'conflict',
				row.status === 'canceled'
					? 'This scheduled fax is already canceled.'
					: `This scheduled fax was already claimed by the dispatcher (status ${row.status}) and can't be canceled.`,
			);
		}
		row.status = 'canceled';
		return json(200, this.scheduledResource(row));
	}

	// ---- clock-driven work -------------------------------------------------------------

	/**
	 * Dispatch scheduled faxes whose send_at has been reached, then emit `fax.delivered` /
	 * `fax.failed` for outbound faxes that have become final, oldest first.
	 */
	sync(): void {
		const now = this.context.clock.now();
		const due = this.scheduled
			.filter((row) => row.status === 'pending' && row.sendAt <= now)
			.sort((a, b) => a.sendAt - b.sendAt);
		for (const row of due) {
			if (this.gate(row.account)) {
				row.status = 'failed';
				continue;
			}
			const record = this.createOutbound(
				row.account,
				row.createdWith,
				row.to,
				{ document: row.document, documentUrl: row.documentUrl, pages: row.pages },
				null,
				row.sendAt,
				{ scheduledId: row.id },
			);
			row.status = 'sent';
			row.faxId = record.id;
		}
		const finals: Array<{ record: FaxRecord; at: number }> = [];
		for (const id of this.awaitingFinal) {
			const record = this.context.store.get(id);
			if (!record) {
				this.awaitingFinal.delete(id);
				continue;
			}
			const state = faxStateAt(record, now);
			if (isFinal(state.status) && state.completedAt !== null) {
				finals.push({ record, at: state.completedAt });
				this.awaitingFinal.delete(id);
			}
		}
		finals.sort((a, b) => a.at - b.at || a.record.seq - b.record.seq);
		for (const { record, at } of finals) {
			const state = faxStateAt(record, now);
			const type: WebhookEventType = state.status === 'delivered' ? 'fax.delivered' : 'fax.failed';
			this.emit(record.account, {
				id: `evt_${randomHex(24)}`,
				type,
				created_at: iso(at),
				data: this.faxResource(record, this.context.origin()),
			});
		}
	}

	onForced(record: FaxRecord): void {
		if (record.direction === 'outbound') this.awaitingFinal.add(record.id);
	}

	/** An inbound fax to the account's number (control API); emits `fax.received`. */
	receiveInbound(input: {
		from: unknown;
		pages?: unknown;
		key?: unknown;
		variant?: SignatureVariant;
	}): FaxRecord {
		const account = this.accountOf(
			typeof input.key === 'string' ? input.key : SENDFAXMAIL_KEYS.business,
		);
		if (!account) throw new SimInputError('unknown SendFAXMail key or account');
		if (typeof input.from !== 'string' || !E164.test(input.from)) {
			throw new SimInputError('from must be an E.164 number, e.g. +13125550199');
		}
		const pages = input.pages ?? 1;
		if (typeof pages !== 'number' || !Number.isInteger(pages) || pages < 1 || pages > 100) {
			throw new SimInputError('pages must be an integer between 1 and 100');
		}
		const record = createFax(this.context, {
			provider: 'sendFaxMail',
			direction: 'inbound',
			makeId: () => `fax_${randomHex(24)}`,
			account,
			createdWith: null,
			to: SFM_ACCOUNT_NUMBERS[account] ?? '',
			from: input.from,
			pages,
			document: {
				bytes: makeSimplePdf(pages, 'Inbound fax (simulated)'),
				mimeType: 'application/pdf',
			},
		});
		this.emit(
			account,
			{
				id: `evt_${randomHex(24)}`,
				type: 'fax.received',
				created_at: iso(record.createdAt),
				data: this.faxResource(record, this.context.origin()),
			},
			input.variant,
		);
		return record;
	}

	/** The fax resource as the API would render it (for the control API). */
	render(record: FaxRecord): Record<string, unknown> {
		return this.faxResource(record, this.context.origin());
	}

	seed(options: SeedOptions): number {
		const account = this.accountOf(options.key ?? SENDFAXMAIL_KEYS.business);
		if (!account) throw new SimInputError('unknown SendFAXMail key or account');
		return seedFaxes(this.context, options, (index, createdAt) => {
			const { to, pages } = seededRecipient(index);
			createFax(this.context, {
				provider: 'sendFaxMail',
				makeId: () => `fax_${randomHex(24)}`,
				account,
				createdWith: null,
				to,
				from: SFM_ACCOUNT_NUMBERS[account] ?? null,
				pages,
				createdAt,
				document: null,
				seeded: true,
			});
		});
	}
}
