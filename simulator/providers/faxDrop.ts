import type { ProviderModule, SeedOptions, SimContext } from '../context';
import { flagsOf, iso, seededRecipient } from '../context';
import { SimInputError } from '../errors';
import type { Route, SimRequest, SimResponse } from '../http';
import { header, json, matchRoute, route } from '../http';
import { randomAlnum } from '../ids';
import { FAXDROP_KEYS, FAXDROP_KEY_FORMAT, FAXDROP_VALID_KEYS } from '../keys';
import { faxStateAt } from '../lifecycle';
import { formFields, getBoundary, tryParseMultipart } from '../multipart';
import { countDocumentPages, detectMimeType } from '../pdf';
import type { RateCheck, RatePolicy } from '../rateLimit';
import { createFax, seedFaxes } from '../records';

/**
 * FaxDrop API (`<sim>/faxdrop`): `POST /api/send-fax` (multipart) and
 * `GET /api/v1/fax/{faxId}`, `X-API-Key` auth, errors `{error, error_type, hint?, retry_after?}`,
 * fixed-window rate limits per key exactly as published.
 */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

export const SEND_POLICY: RatePolicy = {
	name: 'send_fax',
	limits: { minute: 10, hour: 30, day: 500 },
};
export const STATUS_POLICY: RatePolicy = {
	name: 'status_poll',
	limits: { minute: 60, hour: 500, day: 2000 },
};

const DOCUMENT_HINT =
	'Supported formats: PDF, JPG, PNG. Export Word documents as PDF first. Max 4 MB.';
const E164 = /^\+[1-9]\d{1,14}$/;
/** +1, then a NANP area code (not starting with 0 or 1), then 7 digits. */
const US_CANADA = /^\+1[2-9]\d{9}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_LENGTHS: Array<[string, number]> = [
	['coverNote', 500],
	['subject', 200],
	['senderCompany', 100],
];

type Auth = { key: string };

function fdError(
	status: number,
	errorType: string,
	error: string,
	extra: { hint?: string; retry_after?: number } = {},
	headers?: Record<string, string>,
): SimResponse {
	return json(status, { error, error_type: errorType, ...extra }, headers);
}

const WINDOW_WORD = { minute: 'minute', hour: 'hour', day: 'day' } as const;

export class FaxDropProvider implements ProviderModule {
	readonly name = 'faxDrop' as const;
	readonly prefix = '/faxdrop';
	private readonly routes: Array<Route<Auth>>;

	constructor(private readonly context: SimContext) {
		this.routes = [
			route<Auth>('/api/send-fax', { POST: (request, _params, auth) => this.send(request, auth) }),
			route<Auth>('/api/v1/fax/{faxId}', {
				GET: (_request, params, auth) => this.status(params.faxId, auth),
			}),
		];
	}

	accountOf(key: string): string | null {
		return FAXDROP_VALID_KEYS.includes(key) ? key : null;
	}

	reset(): void {}

	faultResponse(kind: '500' | '429', retryAfterSeconds: number): SimResponse {
		if (kind === '429') {
			return fdError(
				429,
				'rate_limited',
				'Rate limit exceeded. Please retry later.',
				{ retry_after: retryAfterSeconds },
				{ 'Retry-After': String(retryAfterSeconds) },
			);
		}
		return fdError(500, 'internal_error', 'An unexpected error occurred.', {
			hint: 'Retry after a few seconds. Contact support if this persists.',
		});
	}

	handle(request: SimRequest): SimResponse | Promise<SimResponse> {
		const subPath = request.path.slice(this.prefix.length) || '/';
		const match = matchRoute(this.routes, request.method, subPath);
		if (match.kind === 'none') return fdError(404, 'not_found', 'Not found.');
		if (match.kind === 'method') {
			return fdError(
				405,
				'method_not_allowed',
				`Method ${request.method} not allowed.`,
				{},
				{
					Allow: match.allowed.join(', '),
				},
			);
		}
		const key = header(request, 'x-api-key')?.trim();
		if (!key) {
			return fdError(401, 'unauthorized', 'Missing API key.', {
				hint: 'Pass your key in the X-API-Key header. Generate one at https://faxdrop.com/account.',
			});
		}
		if (!FAXDROP_KEY_FORMAT.test(key)) {
			return fdError(401, 'unauthorized', 'Invalid API key format.', {
				hint: 'API keys start with fd_live_ followed by 32 hex characters.',
			});
		}
		if (!FAXDROP_VALID_KEYS.includes(key)) {
			return fdError(401, 'unauthorized', 'API key not found or revoked.', {
				hint: 'Check your key at https://faxdrop.com/account or generate a new one.',
			});
		}
		return match.handler(request, match.params, { key });
	}

	private rateHeaders(check: RateCheck, policy: RatePolicy): Record<string, string> {
		const headers: Record<string, string> = {};
		if (!check.windows.length) return headers;
		for (const state of check.windows) {
			const suffix = state.window === 'minute' ? '' : state.window === 'hour' ? '-Hour' : '-Day';
			headers[`X-RateLimit-Limit${suffix}`] = String(state.limit);
			headers[`X-RateLimit-Remaining${suffix}`] = String(state.remaining);
			headers[`X-RateLimit-Reset${suffix}`] = String(state.resetUnix);
		}
		headers['X-RateLimit-Policy'] = policy.name;
		return headers;
	}

	private limited(check: RateCheck, policy: RatePolicy): SimResponse {
		const exceeded = check.exceeded;
		const limit = exceeded?.limit ?? 0;
		const window = exceeded ? WINDOW_WORD[exceeded.window] : 'minute';
		return fdError(
			429,
			'rate_limited',
			`Rate limit exceeded. You are allowed ${limit} requests per ${window}.`,
			{ retry_after: check.retryAfterSeconds },
			{ ...this.rateHeaders(check, policy), 'Retry-After': String(check.retryAfterSeconds) },
		);
	}

	private send(request: SimRequest, auth: Auth): SimResponse {
		const { limiter } = this.context;
		const check = limiter.check(SEND_POLICY, auth.key);
		if (!check.allowed) return this.limited(check, SEND_POLICY);
		const headers = this.rateHeaders(check, SEND_POLICY);
		const bad = (error: string, hint?: string): SimResponse =>
			fdError(400, 'bad_request', error, hint ? { hint } : {}, headers);

		const boundary = getBoundary(String(request.headers['content-type'] ?? ''));
		if (!boundary)
			return bad(
				'Request must be multipart/form-data.',
				'Send the document and fields as a multipart form.',
			);
		const parsed = tryParseMultipart(request.rawBody, boundary);
		if (!parsed.ok) return bad(`Malformed multipart body: ${parsed.error}`);
		const { fields, files } = formFields(parsed.parts);
		const field = (name: string): string => (fields.get(name) ?? '').trim();
		const file = files.get('file');

		const missing = [
			file ? null : 'file',
			field('recipientNumber') ? null : 'recipientNumber',
			field('senderName') ? null : 'senderName',
			field('senderEmail') ? null : 'senderEmail',
		].filter((name): name is string => name !== null);
		if (missing.length > 0) {
			return bad(
				`Missing required field${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.`,
				'Required fields: file, recipientNumber, senderName, senderEmail.',
			);
		}
		const bytes = file?.data ?? Buffer.alloc(0);
		if (bytes.length > MAX_FILE_BYTES)
			return bad('File too large. Maximum size is 4 MB.', DOCUMENT_HINT);
		const mimeType = detectMimeType(bytes);
		if (!mimeType) return bad('Unable to process your document.', DOCUMENT_HINT);

		const recipient = field('recipientNumber');
		if (!E164.test(recipient)) {
			return bad('Invalid fax number format.', 'Use E.164 format, for example +12125550123.');
		}
		if (!US_CANADA.test(recipient)) {
			return bad(
				'Destination not supported.',
				'Destinations in the 50 US states and Canada are supported. Other countries are not currently available.',
			);
		}
		if (!EMAIL.test(field('senderEmail'))) {
			return bad(
				'Invalid senderEmail.',
				'Provide a valid email address for delivery confirmation.',
			);
		}
		for (const [name, max] of MAX_LENGTHS) {
			if ([...(fields.get(name) ?? '')].length > max) {
				return bad(`${name} must be ${max} characters or fewer.`);
			}
		}

		const account = auth.key;
		if (flagsOf(this.context, 'faxDrop', account).outOfCredits) {
			return fdError(
				402,
				'payment_required',
				'Insufficient credits. Please top up your account.',
				{ hint: 'Add credits at https://faxdrop.com/pricing.', retry_after: 3600 },
				headers,
			);
		}

		const sendEmail = field('sendEmail').toLowerCase() !== 'false';
		const includeCover = field('includeCover').toLowerCase() === 'true';
		const pages = countDocumentPages(bytes, mimeType) + (includeCover ? 1 : 0);
		const record = createFax(this.context, {
			provider: 'faxDrop',
			makeId: () => `fax_${randomAlnum(16)}`,
			account,
			createdWith: auth.key,
			to: recipient,
			pages,
			// FaxDrop does not retain documents after send.
			document: null,
			extra: { includeCover, sendEmail, mimeType },
		});
		const after = limiter.consume(SEND_POLICY, auth.key);
		return json(
			200,
			{ success: true, faxId: record.id, deliveryEmail: sendEmail ? 'enabled' : 'suppressed' },
			this.rateHeaders(after, SEND_POLICY),
		);
	}

	private status(faxId: string, auth: Auth): SimResponse {
		const { limiter } = this.context;
		const check = limiter.check(STATUS_POLICY, auth.key);
		if (!check.allowed) return this.limited(check, STATUS_POLICY);
		const record = this.context.store.get(faxId);
		if (!record || record.provider !== 'faxDrop' || record.account !== auth.key) {
			return fdError(
				404,
				'not_found',
				'Fax not found.',
				{
					hint: 'You can only check faxes sent from your own account.',
				},
				this.rateHeaders(check, STATUS_POLICY),
			);
		}
		const state = faxStateAt(record, this.context.clock.now());
		const status = {
			scheduled: 'queued',
			queued: 'queued',
			sending: 'sending',
			delivered: 'completed',
			failed: 'failed',
			partial: 'partial',
			unknown: 'unknown',
		}[state.status];
		const body: Record<string, unknown> = {
			id: record.id,
			status,
			recipientNumber: record.to,
			pages:
				state.status === 'delivered'
					? record.pages
					: state.status === 'partial'
						? state.pagesSent
						: null,
			completedAt: state.completedAt !== null ? iso(state.completedAt) : null,
		};
		if ((state.status === 'failed' || state.status === 'partial') && state.error) {
			body.error = state.error.message;
			body.errorCode = state.error.faxDropCode;
			body.errorType = state.error.faxDropType;
		}
		const after = limiter.consume(STATUS_POLICY, auth.key);
		return json(200, body, this.rateHeaders(after, STATUS_POLICY));
	}

	seed(options: SeedOptions): number {
		const key = options.key ?? FAXDROP_KEYS.primary;
		if (!FAXDROP_VALID_KEYS.includes(key))
			throw new SimInputError(`unknown FaxDrop key ${key.slice(0, 8)}…`);
		return seedFaxes(this.context, options, (index, createdAt) => {
			const { to, pages } = seededRecipient(index);
			createFax(this.context, {
				provider: 'faxDrop',
				makeId: () => `fax_${randomAlnum(16)}`,
				account: key,
				createdWith: key,
				to,
				pages,
				createdAt,
				document: null,
				seeded: true,
			});
		});
	}
}
