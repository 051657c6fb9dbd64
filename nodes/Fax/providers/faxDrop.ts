import type { IDataObject } from 'n8n-workflow';

import { FaxInputError } from '../helpers/errors';
import type { ProviderErrorInfo, ProviderTransport } from '../transport/types';
import { reusedEncoding } from '../transport/reusedEncoding';
import { isListAnswer, notAFax, requestedStatus } from './answers';
import { messageIn, textField } from './errorText';
import { idSegment } from './ids';
import { toIsoOrNull, toNumberOrNull, toStringOrNull, unifiedFax } from './normalize';
import type { FaxProviderAdapter, FaxStatus, SendOptions, SendRequest, UnifiedFax } from './types';

const DISPLAY_NAME = 'FaxDrop';

/** FaxDrop's documented field limits, checked before upload. */
const FIELD_LIMITS: Array<[keyof SendOptions, string, number]> = [
	['coverNote', 'Cover Note', 500],
	['subject', 'Subject', 200],
	['senderCompany', 'Sender Company', 100],
];

const STATUS_MAP: Record<string, FaxStatus> = {
	queued: 'queued',
	sending: 'sending',
	completed: 'delivered',
	// Older clients may have cached the legacy value.
	delivered: 'delivered',
	failed: 'failed',
	partial: 'partial',
	unknown: 'unknown',
};

function parseError(statusCode: number, body: unknown): ProviderErrorInfo {
	const object = (body && typeof body === 'object' ? body : {}) as IDataObject;
	return {
		// Documented: `{ error, error_type, hint? }` with strings; other shapes are read safely.
		message: messageIn(object.error) ?? messageIn(object) ?? `HTTP ${statusCode}`,
		hint: textField(object.hint),
		code: textField(object.error_type) ?? String(statusCode),
		retryAfterSeconds: toNumberOrNull(object.retry_after) ?? undefined,
	};
}

function toUnified(body: IDataObject, fallbackId?: string): UnifiedFax {
	const status = STATUS_MAP[String(body.status)] ?? 'unknown';
	const errorText = messageIn(body.error) ?? null;
	const errorCode =
		textField(body.errorType) ??
		(typeof body.errorCode === 'number' ? String(body.errorCode) : textField(body.errorCode)) ??
		null;
	return unifiedFax('faxDrop', {
		id: toStringOrNull(body.id) ?? fallbackId ?? null,
		to: toStringOrNull(body.recipientNumber),
		status,
		pages: toNumberOrNull(body.pages),
		pagesSent: status === 'delivered' ? toNumberOrNull(body.pages) : null,
		completedAt: toIsoOrNull(body.completedAt),
		error:
			errorText || errorCode ? { code: errorCode, message: errorText ?? `Fax ${status}` } : null,
		raw: body,
	});
}

function senderField(
	request: SendRequest,
	defaults: IDataObject,
	key: 'senderName' | 'senderEmail',
	label: string,
): string {
	const value = String(request.options[key] || defaults[key] || '').trim();
	if (!value) {
		throw new FaxInputError(
			'missingSender',
			`FaxDrop needs a ${label} on every fax`,
			`Fill "${label}" in the node, or set a default in the FaxDrop credential.`,
			key,
		);
	}
	return value;
}

interface Sender {
	senderName: string;
	senderEmail: string;
}

/** FaxDrop's required sender and field limits, checked once before the first upload. */
function checkedSender(request: SendRequest, defaults: IDataObject): Sender {
	const senderName = senderField(request, defaults, 'senderName', 'Sender Name');
	const senderEmail = senderField(request, defaults, 'senderEmail', 'Sender Email');
	if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(senderEmail)) {
		throw new FaxInputError(
			'invalidEmail',
			'Sender Email is not an email address',
			'Enter an address such as frontdesk@clinic.example: FaxDrop sends the delivery confirmation there. Check that the field is not mapped to another value.',
			'senderEmail',
		);
	}
	for (const [key, label, max] of FIELD_LIMITS) {
		const value = request.options[key];
		if (typeof value === 'string' && value.length > max) {
			throw new FaxInputError(
				'fieldTooLong',
				`${label} is ${value.length} characters; FaxDrop allows at most ${max}`,
				`Shorten "${label}".`,
				key,
			);
		}
	}
	return { senderName, senderEmail };
}

function buildForm(
	request: SendRequest,
	to: string,
	{ senderName, senderEmail }: Sender,
): FormData {
	const { options, document } = request;
	const form = new FormData();
	form.append('recipientNumber', to);
	form.append('senderName', senderName);
	form.append('senderEmail', senderEmail);
	const optional: Record<string, string | undefined> = {
		recipientName: options.recipientName,
		subject: options.subject,
		coverNote: options.coverNote,
		senderCompany: options.senderCompany,
		senderPhone: options.senderPhone,
		includeCover: options.includeCover === undefined ? undefined : String(options.includeCover),
		sendEmail: options.sendEmail === undefined ? undefined : String(options.sendEmail),
	};
	for (const [key, value] of Object.entries(optional)) {
		if (value !== undefined && value !== '') form.append(key, value);
	}
	const blob = () => new Blob([document.data], { type: document.mimeType });
	// One Blob (a copy of the document) for every upload of the same document.
	const file = reusedEncoding(document.data, `blob:${document.mimeType}`, blob) ?? blob();
	form.append('file', file, document.fileName);
	return form;
}

async function sendOne(
	transport: ProviderTransport,
	request: SendRequest,
	to: string,
	sender: Sender,
): Promise<UnifiedFax> {
	const form = buildForm(request, to, sender);
	const response = await transport.request({
		method: 'POST',
		path: '/api/send-fax',
		body: form,
		retry: 'once',
		rateLimitBucket: 'send',
	});
	const body = response.body;
	// Documented: `{ success: true, faxId }`. Anything else reached FaxDrop but names no fax.
	if (isListAnswer(body) || body.success === false || toStringOrNull(body.faxId) === null)
		throw notAFax(DISPLAY_NAME);
	return unifiedFax('faxDrop', {
		id: toStringOrNull(body.faxId),
		to,
		status: 'queued',
		pages: request.document.pageCount,
		raw: body,
	});
}

export const faxDropAdapter: FaxProviderAdapter = {
	name: 'faxDrop',
	displayName: DISPLAY_NAME,
	credentialType: 'faxDropApi',
	parseError,
	credentialProblem: (credentials) =>
		/^fd_live_[0-9a-f]{32}$/i.test(String(credentials.apiKey ?? '').trim())
			? undefined
			: 'FaxDrop API keys start with fd_live_ followed by 32 hex characters',
	capabilities: {
		// "Max 4 MB": read as 4,000,000 bytes, the stricter reading, so nothing let through is refused.
		maxFileBytes: 4_000_000,
		acceptedMimeTypes: ['application/pdf', 'image/png', 'image/jpeg'],
		allowedCountryCodes: ['1'],
		maxRecipients: 10,
		nativeBatch: false,
		supportsIdempotencyKey: false,
		canList: false,
		canDownload: false,
		nativeCoverPage: true,
	},

	async send(transport, request) {
		const sender = checkedSender(request, transport.credentialDefaults);
		const results: UnifiedFax[] = [];
		for (const to of request.to) results.push(await sendOne(transport, request, to, sender));
		return results;
	},

	async getStatus(transport, faxId) {
		const response = await transport.request({
			method: 'GET',
			path: `/api/v1/fax/${idSegment(faxId, 'fax', DISPLAY_NAME)}`,
			retry: 'safe',
			rateLimitBucket: 'status',
		});
		return toUnified(requestedStatus(response.body, DISPLAY_NAME, faxId), faxId);
	},

	// FaxDrop's documented cadence: every 5 s for the first 2 minutes, then every 30 s.
	pollIntervalSeconds: (elapsedSeconds) => (elapsedSeconds < 120 ? 5 : 30),
};
