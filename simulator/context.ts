import type { VirtualClock } from './clock';
import type { SimRequest, SimResponse } from './http';
import type { FaxRecord, Provider } from './lifecycle';
import type { Timing } from './magic';
import type { RateLimiter, RateLimitSettings } from './rateLimit';
import type { FaxStore } from './store';

export type SendGate = 'quota' | 'baa' | 'no_number';

export const SEND_GATES: readonly SendGate[] = ['quota', 'baa', 'no_number'];

/** Per-account switches set through `POST /_sim/accounts/{provider}/{key}`. */
export interface AccountFlags {
	/** faxrocks: every request with this token answers 403 Forbidden. */
	forbidden?: boolean;
	/** FaxDrop: sends answer 402 payment_required. */
	outOfCredits?: boolean;
	/** SendFAXMail: sends (and scheduled dispatches) are rejected by this gate (422 send_failed). */
	sendGate?: SendGate | null;
}

export interface SimConfig {
	rateLimits: RateLimitSettings;
	/** SendFAXMail may fetch `document_url`s on http://127.0.0.1 / localhost. */
	allowLocalDocumentUrls: boolean;
	/** Order of faxrocks' `GET /faxes` (its docs don't say; default newest first). */
	faxRocksListOrder: ListOrder;
	/** faxrocks' `status` of a fax in progress (its docs only show `true`; default `null`). */
	faxRocksPendingStatus: FaxRocksPendingStatus;
	timing: Timing;
}

/** `null`: in progress is `status: null`; `false`: `status: false`, `error: null`, pages_sent < pages. */
export type FaxRocksPendingStatus = 'null' | 'false';

export const FAXROCKS_PENDING_STATUSES: readonly FaxRocksPendingStatus[] = ['null', 'false'];

export type ListOrder = 'newestFirst' | 'oldestFirst';

export const LIST_ORDERS: readonly ListOrder[] = ['newestFirst', 'oldestFirst'];

/** State shared by the provider modules. */
export interface SimContext {
	clock: VirtualClock;
	store: FaxStore;
	limiter: RateLimiter;
	config: SimConfig;
	/** Key: `${provider}|${account}`. */
	flags: Map<string, AccountFlags>;
	/** The simulator's own origin, e.g. http://127.0.0.1:4010. */
	origin(): string;
}

export interface SeedOptions {
	count: number;
	/** The credential whose account gets the faxes (default: the primary key). */
	key?: string;
	/** Faxes are spread evenly over this many seconds, ending an hour ago (default 30 days). */
	spreadSeconds?: number;
}

/** One provider API mounted under `prefix`. */
export interface ProviderModule {
	readonly name: Provider;
	readonly prefix: string;
	handle(request: SimRequest): SimResponse | Promise<SimResponse>;
	/** The provider's own error for injected `500` / `429` faults. */
	faultResponse(kind: '500' | '429', retryAfterSeconds: number): SimResponse;
	/** Create `count` historic (final) faxes quickly; returns how many. */
	seed(options: SeedOptions): number;
	/** The account id a credential maps to (for flags and seeding), or null if unknown. */
	accountOf(key: string): string | null;
	/** A forced status was set on one of this provider's faxes. */
	onForced?(record: FaxRecord): void;
	reset(): void;
}

export function flagsOf(context: SimContext, provider: Provider, account: string): AccountFlags {
	return context.flags.get(`${provider}|${account}`) ?? {};
}

/** Laravel / JS ISO formats of virtual epoch ms. */
export function iso(ms: number): string {
	return new Date(ms).toISOString();
}

/** Seed helper: outcome-driving recipient and page count of the i-th historic fax. */
export function seededRecipient(
	index: number,
	countryPrefix = '+1212555',
): { to: string; pages: number } {
	let suffix: string;
	if (index % 20 === 7) suffix = '0111';
	else if (index % 50 === 13) suffix = '0122';
	else suffix = `01${50 + (index % 50)}`;
	return { to: `${countryPrefix}${suffix}`, pages: 1 + (index % 3) };
}
