import type { IDataObject } from 'n8n-workflow';

import type { ProviderErrorParser, ProviderTransport } from '../transport/types';
import type { IdFormat, IdKind } from './ids';

export type ProviderName = 'faxRocks' | 'faxDrop' | 'sendFaxMail';

export type FaxStatus =
	| 'queued'
	| 'scheduled'
	| 'sending'
	| 'delivered'
	| 'failed'
	| 'partial'
	| 'cancelled'
	| 'unknown';

export const FINAL_STATUSES: readonly FaxStatus[] = ['delivered', 'failed', 'partial', 'cancelled'];

export function isFinalStatus(status: FaxStatus): boolean {
	return FINAL_STATUSES.includes(status);
}

/** The one shape every operation that returns faxes emits, whatever the provider. */
export interface UnifiedFax {
	provider: ProviderName;
	id: string | null;
	to: string | null;
	status: FaxStatus;
	isFinal: boolean;
	pages: number | null;
	pagesSent: number | null;
	/** ISO 8601 UTC */
	scheduledAt: string | null;
	sentAt: string | null;
	completedAt: string | null;
	cost: number | null;
	error: { code: string | null; message: string } | null;
	/** The provider's own object; never contains document content. */
	raw: IDataObject;
}

/** A document ready to upload: already validated, converted and merged. */
export interface FaxDocument {
	data: Buffer;
	mimeType: 'application/pdf' | 'image/png' | 'image/jpeg';
	fileName: string;
	pageCount: number | null;
}

/** Optional fields from the node's `options` collection a provider may use. */
export interface SendOptions {
	recipientName?: string;
	subject?: string;
	coverNote?: string;
	includeCover?: boolean;
	senderName?: string;
	senderEmail?: string;
	senderCompany?: string;
	senderPhone?: string;
	sendEmail?: boolean;
}

export interface SendRequest {
	/** E.164 numbers, already normalised and validated. One for `send`. */
	to: string[];
	document: FaxDocument;
	options: SendOptions;
	/** Stable per item and recipient across Retry On Fail; only providers that support it send it. */
	idempotencyKey?: string;
	/**
	 * When this item's send first began (epoch ms), the same across Retry On Fail: a fax the
	 * provider returns for the Idempotency-Key that is older than this is another fax's replay.
	 */
	sendStartedAt?: number;
}

export interface ScheduleRequest extends SendRequest {
	/** The exact instant, UTC. */
	sendAtUtc: Date;
	/**
	 * The wall-clock time (yyyy-MM-ddTHH:mm:ss; with the UTC offset appended when that clock
	 * time happens twice on a fall-back day) and its canonical IANA zone.
	 */
	wallClock: string;
	timezone: string;
}

export type ListOrder = 'newestFirst' | 'oldestFirst';

export interface ListNewestRequest {
	/** A fax position the page must hold: 0 = the newest fax, 1 = the one before it, … */
	position: number;
	/** Most faxes to read in this request. */
	pageSize: number;
	/**
	 * Which side of `position` the page should cover: `newer` (default) holds it near the
	 * bottom of the page with as many newer faxes as possible, `older` near the top with as
	 * many older ones (for searching down the list).
	 */
	extend?: 'newer' | 'older';
	/** The order the provider listed in last time, if known. */
	orderHint?: ListOrder;
	/**
	 * The list's total at the last read, if known: lets an oldest-first list be read in one
	 * request. The page may then miss `position` if the list grew a lot; its `offset` says.
	 */
	totalHint?: number;
}

export interface ListNewestEntry {
	fax: UnifiedFax;
	/** ISO 8601 UTC; the list's sort key. */
	createdAt: string;
	/** A fax received, not sent (SendFAXMail lists both). */
	inbound?: boolean;
}

/**
 * Faxes from one list request, newest first, around `request.position`: the adapter picks a page
 * holding that position with as many faxes on the `extend` side as the page size allows.
 */
export interface ListNewestPage {
	entries: ListNewestEntry[];
	/** Position of `entries[0]` (0 = the newest fax of the account). */
	offset: number;
	/** Faxes in the whole list, when the provider says. */
	total?: number;
	/** Whether older faxes exist below this page. */
	hasMore: boolean;
	/** The order the provider lists in, as observed. */
	order: ListOrder;
}

export interface ListRequest {
	/** Max faxes wanted; undefined = all. */
	limit?: number;
}

export interface DownloadedFile {
	data: Buffer;
	fileName: string;
	mimeType: string;
}

export interface ProviderCapabilities {
	/** Largest upload the provider accepts, in bytes (after base64 where it applies). */
	maxFileBytes: number;
	/** Document types the provider accepts as they are; others are converted to PDF first. */
	acceptedMimeTypes: ReadonlyArray<FaxDocument['mimeType']>;
	/** Country calling codes the provider can send to; undefined = any. */
	allowedCountryCodes?: readonly string[];
	maxRecipients: number;
	/** One request sends to every recipient; otherwise the node sends one by one. */
	nativeBatch: boolean;
	/** Earliest and latest schedule offsets from now, in seconds; undefined = cannot schedule. */
	scheduleWindowSeconds?: { min: number; max: number };
	supportsIdempotencyKey: boolean;
	canList: boolean;
	canDownload: boolean;
	/** The provider can put its own cover page on the fax. */
	nativeCoverPage: boolean;
}

/**
 * The only place that knows a provider's URLs and JSON. Every method takes the transport
 * (authenticated requests, error mapping, rate limits) and returns unified items.
 */
export interface FaxProviderAdapter {
	readonly name: ProviderName;
	readonly displayName: string;
	readonly credentialType: string;
	readonly capabilities: ProviderCapabilities;
	/** Reads the provider's error body into message, hint and code. */
	readonly parseError: ProviderErrorParser;
	/** ID formats the provider documents; other IDs only need to be safe path segments. */
	readonly idFormats?: Partial<Record<IdKind, IdFormat>>;
	/** A reason the credential can't work, found without a request. */
	credentialProblem?(credentials: IDataObject): string | undefined;

	/** One fax per entry of `request.to`, in the same order. */
	send(transport: ProviderTransport, request: SendRequest): Promise<UnifiedFax[]>;
	schedule?(transport: ProviderTransport, request: ScheduleRequest): Promise<UnifiedFax[]>;
	getStatus(transport: ProviderTransport, faxId: string): Promise<UnifiedFax>;
	list?(transport: ProviderTransport, request: ListRequest): Promise<UnifiedFax[]>;
	download?(
		transport: ProviderTransport,
		faxId: string,
		document: 'fax' | 'receipt',
	): Promise<DownloadedFile>;
	/**
	 * One request's worth of faxes around a position, newest first, for the polling trigger:
	 * bounded work however long the history. Exactly one provider request when the order is known.
	 */
	listNewest?(transport: ProviderTransport, request: ListNewestRequest): Promise<ListNewestPage>;
	/** Largest page `listNewest` can read in one request. */
	readonly listNewestMaxPageSize?: number;
	/** Seconds to wait before the next status poll, `elapsedSeconds` into a wait. */
	pollIntervalSeconds(elapsedSeconds: number): number;

	/** Provider-specific resources beyond faxes, where the provider has them. */
	account?: { get(transport: ProviderTransport): Promise<IDataObject> };
	scheduledFaxes?: {
		list(transport: ProviderTransport, limit?: number): Promise<IDataObject[]>;
		get(transport: ProviderTransport, id: string): Promise<IDataObject>;
		cancel(transport: ProviderTransport, id: string): Promise<IDataObject>;
	};
	contacts?: {
		list(transport: ProviderTransport, limit?: number): Promise<IDataObject[]>;
		create(transport: ProviderTransport, contact: ContactInput): Promise<IDataObject>;
		delete(transport: ProviderTransport, id: string): Promise<IDataObject>;
	};
	numbers?: { list(transport: ProviderTransport): Promise<IDataObject[]> };
	/** One page of a list for the editor's resource locators ("From List"). */
	locatorPage?(transport: ProviderTransport, request: LocatorPageRequest): Promise<LocatorPage>;
}

/** Lists the editor's resource locators read through `locatorPage` (faxes use `listNewest`). */
export type LocatorList = 'scheduledFaxes' | 'contacts' | 'numbers';

export interface LocatorPageRequest {
	list: LocatorList;
	/** 1-based. */
	page: number;
	pageSize: number;
}

/** One row of a locator list, the provider's JSON already read. */
export interface LocatorRow {
	id: string;
	/** A name to show (e.g. a contact's); a fax number goes in `number`, shown masked. */
	label?: string | null;
	number?: string | null;
	status?: string | null;
	/** ISO 8601 UTC */
	date?: string | null;
}

export interface LocatorPage {
	rows: LocatorRow[];
	hasMore: boolean;
}

export interface ContactInput {
	name: string;
	faxNumber: string;
	company?: string;
}
