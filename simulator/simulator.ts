import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { ClockSnapshot } from './clock';
import { VirtualClock } from './clock';
import type {
	AccountFlags,
	FaxRocksPendingStatus,
	ListOrder,
	ProviderModule,
	SimConfig,
	SimContext,
} from './context';
import { FAXROCKS_PENDING_STATUSES, LIST_ORDERS, SEND_GATES, iso } from './context';
import { handleControl } from './control';
import { SimInputError } from './errors';
import type { FaultRule, FaultSpec } from './faults';
import { FaultInjector } from './faults';
import { SENDFAXMAIL_KEYS } from './keys';
import type { FaxRecord, Provider, SimStatus } from './lifecycle';
import { FORCEABLE_STATUSES, PROVIDERS, faxStateAt } from './lifecycle';
import type { Timing } from './magic';
import { DEFAULT_TIMING } from './magic';
import { FaxDropProvider } from './providers/faxDrop';
import { FaxRocksProvider } from './providers/faxRocks';
import { SendFaxMailProvider } from './providers/sendFaxMail';
import { RateLimiter } from './rateLimit';
import type { LoggedRequest, RequestFilter } from './requestLog';
import { RequestLog, summarizeBytes } from './requestLog';
import { createSimServer } from './server';
import { FaxStore } from './store';
import type {
	SignatureVariant,
	WebhookDelivery,
	WebhookEndpoint,
	WebhookEventType,
} from './webhooks';
import { WebhookManager } from './webhooks';

export interface SimulatorOptions {
	/** Default 0 (a random free port). */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** Virtual seconds per real second; 0 = manual clock. Default 1. */
	speed?: number;
	/** Virtual start time (default: the real now). */
	startTime?: string | number | Date;
	/** Rate limits on (default true). */
	rateLimits?: boolean;
	/** Multiply every rate limit (default 1). */
	rateLimitScale?: number;
	/** SendFAXMail may fetch http://127.0.0.1 / localhost document_urls (default false). */
	allowLocalDocumentUrls?: boolean;
	/** Order of faxrocks' `GET /faxes`: `newestFirst` (default) or `oldestFirst`. */
	faxRocksListOrder?: ListOrder;
	/** faxrocks' `status` while a fax is in progress: `'null'` (default) or `'false'`. */
	faxRocksPendingStatus?: FaxRocksPendingStatus;
	/** Default queued 5 s, final 30 s. */
	timing?: Partial<Timing>;
	/** Per webhook delivery attempt (default 5000 ms). */
	webhookTimeoutMs?: number;
	/** Real-time tick for clock-driven work while speed > 0 (default 200 ms). */
	tickMs?: number;
	/**
	 * The real clock (epoch ms) the virtual clock runs on with speed > 0 (default `Date.now`):
	 * a test that needs exact real-time waits (Retry-After, X-RateLimit-Reset) at a speed > 0
	 * moves it by hand.
	 */
	realNow?: () => number;
}

export interface BaseUrls {
	faxRocks: string;
	faxDrop: string;
	sendFaxMail: string;
}

/** The control view of a fax (`GET /_sim/faxes`): never any document bytes. */
export interface SimFaxView {
	provider: Provider;
	id: string;
	account: string;
	direction: 'outbound' | 'inbound';
	to: string;
	from: string | null;
	status: SimStatus;
	outcome: string;
	pages: number;
	pagesSent: number;
	createdAt: string;
	/** Scheduled time (faxrocks `scheduled_at`), or null. */
	scheduledAt: string | null;
	sendingAt: string | null;
	completedAt: string | null;
	error: { code: string; message: string } | null;
	idempotencyKey: string | null;
	forced: SimStatus | null;
	seeded: boolean;
	document: { bytes: number; sha256: string; mimeType: string | null } | null;
	documentUrl: string | null;
	extra: FaxRecord['extra'];
}

export interface ConfigView {
	rateLimits: boolean;
	rateLimitScale: number;
	allowLocalDocumentUrls: boolean;
	faxRocksListOrder: ListOrder;
	faxRocksPendingStatus: FaxRocksPendingStatus;
	timing: Timing;
}

export interface SeedRequest {
	provider: string;
	count: number;
	key?: string;
	spreadSeconds?: number;
}

export function parseProvider(value: unknown): Provider {
	if (typeof value === 'string') {
		const found = PROVIDERS.find((provider) => provider.toLowerCase() === value.toLowerCase());
		if (found) return found;
	}
	throw new SimInputError(`provider must be one of ${PROVIDERS.join(', ')}`);
}

function parseStart(value: SimulatorOptions['startTime']): number | undefined {
	if (value === undefined) return undefined;
	const ms =
		value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
	if (Number.isNaN(ms)) throw new SimInputError('startTime is not a valid date');
	return ms;
}

export class Simulator {
	private readonly clockValue: VirtualClock;
	private readonly store = new FaxStore();
	private readonly limiter: RateLimiter;
	private readonly config: SimConfig;
	private readonly flags = new Map<string, AccountFlags>();
	private readonly faultInjector = new FaultInjector();
	private readonly log = new RequestLog();
	private readonly webhookManager: WebhookManager;
	private readonly providers: ProviderModule[];
	private readonly sfm: SendFaxMailProvider;
	private readonly server: Server;
	private tick: NodeJS.Timeout | null = null;
	private address: { host: string; port: number } | null = null;

	private constructor(private readonly options: SimulatorOptions) {
		this.clockValue = new VirtualClock(
			{ startMs: parseStart(options.startTime), speed: options.speed ?? 1 },
			options.realNow,
		);
		this.config = {
			rateLimits: { enabled: options.rateLimits ?? true, scale: options.rateLimitScale ?? 1 },
			allowLocalDocumentUrls: options.allowLocalDocumentUrls ?? false,
			faxRocksListOrder: options.faxRocksListOrder ?? 'newestFirst',
			faxRocksPendingStatus: options.faxRocksPendingStatus ?? 'null',
			timing: { ...DEFAULT_TIMING, ...options.timing },
		};
		this.limiter = new RateLimiter(this.clockValue, this.config.rateLimits);
		this.webhookManager = new WebhookManager(options.webhookTimeoutMs ?? 5000);
		const context: SimContext = {
			clock: this.clockValue,
			store: this.store,
			limiter: this.limiter,
			config: this.config,
			flags: this.flags,
			origin: () => this.url,
		};
		this.sfm = new SendFaxMailProvider(context, (account, event, variant) => {
			void this.webhookManager.emit(account, event, variant);
		});
		this.providers = [new FaxRocksProvider(context), new FaxDropProvider(context), this.sfm];
		this.server = createSimServer({
			providers: this.providers,
			faults: this.faultInjector,
			log: this.log,
			clock: this.clockValue,
			beforeRequest: () => this.sync(),
			control: (request) => handleControl(this, request),
		});
	}

	/** Start a simulator listening on `host:port` (default 127.0.0.1, random port). */
	static async start(options: SimulatorOptions = {}): Promise<Simulator> {
		const simulator = new Simulator(options);
		await simulator.listen(options.port ?? 0, options.host ?? '127.0.0.1');
		return simulator;
	}

	private async listen(port: number, host: string): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		const info = this.server.address() as AddressInfo;
		this.address = {
			host: info.family === 'IPv6' ? `[${info.address}]` : info.address,
			port: info.port,
		};
		this.tick = setInterval(() => this.sync(), this.options.tickMs ?? 200);
		this.tick.unref();
	}

	/** e.g. http://127.0.0.1:4010 */
	get url(): string {
		if (!this.address) throw new Error('simulator is not listening');
		return `http://${this.address.host}:${this.address.port}`;
	}

	get port(): number {
		return this.address?.port ?? 0;
	}

	/** The `baseUrl` to put in each provider's credential. */
	get baseUrls(): BaseUrls {
		return {
			faxRocks: `${this.url}/faxrocks/api`,
			faxDrop: `${this.url}/faxdrop`,
			sendFaxMail: `${this.url}/sendfaxmail`,
		};
	}

	/** Close the server and every open connection. */
	async stop(): Promise<void> {
		if (this.tick) clearInterval(this.tick);
		this.tick = null;
		this.faultInjector.releaseHeld();
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	/** Clear all faxes, accounts flags, faults, logs, webhooks and rate counters; restart the clock. */
	reset(): void {
		this.store.clear();
		for (const provider of this.providers) provider.reset();
		this.limiter.reset();
		this.flags.clear();
		this.faultInjector.clear();
		this.log.clear();
		this.webhookManager.reset();
		this.clockValue.reset(parseStart(this.options.startTime));
		this.clockValue.setSpeed(this.options.speed ?? 1);
		this.config.rateLimits.enabled = this.options.rateLimits ?? true;
		this.config.rateLimits.scale = this.options.rateLimitScale ?? 1;
		this.config.allowLocalDocumentUrls = this.options.allowLocalDocumentUrls ?? false;
		this.config.faxRocksListOrder = this.options.faxRocksListOrder ?? 'newestFirst';
		this.config.faxRocksPendingStatus = this.options.faxRocksPendingStatus ?? 'null';
	}

	/** Clock-driven work: SendFAXMail scheduled dispatch and webhook emission. */
	sync(): void {
		this.sfm.sync();
	}

	// ---- clock -------------------------------------------------------------------------

	clock(): ClockSnapshot {
		return this.clockValue.snapshot();
	}

	now(): Date {
		return new Date(this.clockValue.now());
	}

	/**
	 * Move the virtual clock forward, run everything that became due and wait for the
	 * resulting webhook deliveries. Returns the new clock and those deliveries.
	 */
	async advanceClock(
		seconds: number,
	): Promise<{ clock: ClockSnapshot; deliveries: WebhookDelivery[] }> {
		if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
			throw new SimInputError('seconds must be a finite number >= 0');
		}
		this.clockValue.advance(seconds);
		const before = this.webhookManager.listDeliveries().length;
		this.sync();
		await this.webhookManager.drain();
		return { clock: this.clock(), deliveries: this.webhookManager.listDeliveries().slice(before) };
	}

	setSpeed(speed: number): ClockSnapshot {
		if (typeof speed !== 'number' || !Number.isFinite(speed) || speed < 0) {
			throw new SimInputError('speed must be a finite number >= 0');
		}
		this.clockValue.setSpeed(speed);
		return this.clock();
	}

	// ---- configuration -----------------------------------------------------------------

	getConfig(): ConfigView {
		return {
			rateLimits: this.config.rateLimits.enabled,
			rateLimitScale: this.config.rateLimits.scale,
			allowLocalDocumentUrls: this.config.allowLocalDocumentUrls,
			faxRocksListOrder: this.config.faxRocksListOrder,
			faxRocksPendingStatus: this.config.faxRocksPendingStatus,
			timing: { ...this.config.timing },
		};
	}

	configure(patch: Partial<Omit<ConfigView, 'timing'>>): ConfigView {
		if (patch.rateLimits !== undefined) {
			if (typeof patch.rateLimits !== 'boolean')
				throw new SimInputError('rateLimits must be a boolean');
			this.config.rateLimits.enabled = patch.rateLimits;
		}
		if (patch.rateLimitScale !== undefined) {
			if (typeof patch.rateLimitScale !== 'number' || !(patch.rateLimitScale > 0)) {
				throw new SimInputError('rateLimitScale must be a number > 0');
			}
			this.config.rateLimits.scale = patch.rateLimitScale;
		}
		if (patch.allowLocalDocumentUrls !== undefined) {
			if (typeof patch.allowLocalDocumentUrls !== 'boolean') {
				throw new SimInputError('allowLocalDocumentUrls must be a boolean');
			}
			this.config.allowLocalDocumentUrls = patch.allowLocalDocumentUrls;
		}
		if (patch.faxRocksListOrder !== undefined) {
			if (!LIST_ORDERS.includes(patch.faxRocksListOrder)) {
				throw new SimInputError(`faxRocksListOrder must be one of ${LIST_ORDERS.join(', ')}`);
			}
			this.config.faxRocksListOrder = patch.faxRocksListOrder;
		}
		if (patch.faxRocksPendingStatus !== undefined) {
			if (!FAXROCKS_PENDING_STATUSES.includes(patch.faxRocksPendingStatus)) {
				throw new SimInputError(
					`faxRocksPendingStatus must be one of ${FAXROCKS_PENDING_STATUSES.join(', ')}`,
				);
			}
			this.config.faxRocksPendingStatus = patch.faxRocksPendingStatus;
		}
		return this.getConfig();
	}

	// ---- faults and request log --------------------------------------------------------

	addFault(spec: FaultSpec): FaultRule {
		return this.faultInjector.add(spec);
	}

	faults(): FaultRule[] {
		return this.faultInjector.list();
	}

	clearFaults(): void {
		this.faultInjector.clear();
	}

	/** Lets every request a `hold` fault keeps waiting go on; returns how many. */
	releaseHeld(): number {
		return this.faultInjector.releaseHeld();
	}

	requests(filter: RequestFilter = {}): LoggedRequest[] {
		return this.log.list(filter);
	}

	clearRequests(): void {
		this.log.clear();
	}

	// ---- faxes -------------------------------------------------------------------------

	private view(record: FaxRecord): SimFaxView {
		const state = faxStateAt(record, this.clockValue.now());
		return {
			provider: record.provider,
			id: record.id,
			account:
				record.provider === 'sendFaxMail'
					? record.account
					: `${record.account.slice(0, 8)}…${record.account.slice(-4)}`,
			direction: record.direction,
			to: record.to,
			from: record.from,
			status: state.status,
			outcome: record.outcome,
			pages: record.pages,
			pagesSent: state.pagesSent,
			createdAt: iso(record.createdAt),
			scheduledAt: record.scheduled ? iso(record.startAt) : null,
			sendingAt: state.sendingAt !== null ? iso(state.sendingAt) : null,
			completedAt: state.completedAt !== null ? iso(state.completedAt) : null,
			error: state.error ? { code: state.error.code, message: state.error.message } : null,
			idempotencyKey: record.idempotencyKey,
			forced: record.forced?.status ?? null,
			seeded: record.seeded,
			document: record.document ? summarizeBytes(record.document.bytes) : null,
			documentUrl: record.documentUrl,
			extra: { ...record.extra },
		};
	}

	/** Every fax the simulator created, in creation order. */
	faxes(filter: { provider?: string; to?: string } = {}): SimFaxView[] {
		const provider = filter.provider ? parseProvider(filter.provider) : undefined;
		return this.store
			.all(provider)
			.filter((record) => !filter.to || record.to === filter.to)
			.map((record) => this.view(record));
	}

	fax(id: string): SimFaxView | undefined {
		const record = this.store.get(id);
		return record ? this.view(record) : undefined;
	}

	/**
	 * Force a fax into `status` from now on (`null` clears it). Final statuses emit the
	 * SendFAXMail webhook; resolves once deliveries were attempted.
	 */
	async forceStatus(id: string, status: SimStatus | null): Promise<SimFaxView> {
		const record = this.store.get(id);
		if (!record) throw new SimInputError(`no fax ${id}`);
		if (status !== null && !FORCEABLE_STATUSES.includes(status)) {
			throw new SimInputError(`status must be one of ${FORCEABLE_STATUSES.join(', ')} or null`);
		}
		record.forced = status === null ? null : { status, at: this.clockValue.now() };
		this.providers.find((provider) => provider.name === record.provider)?.onForced?.(record);
		this.sync();
		await this.webhookManager.drain();
		return this.view(record);
	}

	/** Create `count` historic final faxes for an account; fast (10 000 in well under a second). */
	seed(request: SeedRequest): { provider: Provider; created: number; tookMs: number } {
		const provider = parseProvider(request.provider);
		if (
			request.spreadSeconds !== undefined &&
			!(typeof request.spreadSeconds === 'number' && request.spreadSeconds >= 0)
		) {
			throw new SimInputError('spreadSeconds must be a number >= 0');
		}
		const started = Date.now();
		const module = this.providers.find(
			(candidate) => candidate.name === provider,
		) as ProviderModule;
		const created = module.seed({
			count: request.count,
			key: request.key,
			spreadSeconds: request.spreadSeconds,
		});
		return { provider, created, tookMs: Date.now() - started };
	}

	// ---- accounts ----------------------------------------------------------------------

	/** Merge flags into an account (`key` = the credential, or a SendFAXMail account id). */
	setAccountFlags(providerName: string, key: string, flags: AccountFlags): AccountFlags {
		const provider = parseProvider(providerName);
		const module = this.providers.find(
			(candidate) => candidate.name === provider,
		) as ProviderModule;
		const account = module.accountOf(key);
		if (!account) throw new SimInputError(`unknown ${provider} key`);
		for (const name of ['outOfCredits', 'forbidden'] as const) {
			if (flags[name] !== undefined && typeof flags[name] !== 'boolean') {
				throw new SimInputError(`${name} must be a boolean`);
			}
		}
		if (
			flags.sendGate !== undefined &&
			flags.sendGate !== null &&
			!SEND_GATES.includes(flags.sendGate)
		) {
			throw new SimInputError(`sendGate must be one of ${SEND_GATES.join(', ')} or null`);
		}
		const id = `${provider}|${account}`;
		const merged: AccountFlags = { ...this.flags.get(id) };
		if (flags.outOfCredits !== undefined) merged.outOfCredits = flags.outOfCredits;
		if (flags.forbidden !== undefined) merged.forbidden = flags.forbidden;
		if (flags.sendGate !== undefined) merged.sendGate = flags.sendGate;
		this.flags.set(id, merged);
		return { ...merged };
	}

	// ---- SendFAXMail webhooks ----------------------------------------------------------

	/** Register a webhook endpoint (default: the Business account, all three events). */
	addWebhook(input: {
		url: string;
		secret: string;
		events?: WebhookEventType[];
		key?: string;
	}): WebhookEndpoint {
		const account = this.sfm.accountOf(input.key ?? SENDFAXMAIL_KEYS.business);
		if (!account) throw new SimInputError('unknown SendFAXMail key or account');
		return this.webhookManager.addEndpoint({
			url: input.url,
			secret: input.secret,
			events: input.events,
			account,
		});
	}

	webhooks(): WebhookEndpoint[] {
		return this.webhookManager.listEndpoints();
	}

	clearWebhooks(): void {
		this.webhookManager.clearEndpoints();
	}

	webhookDeliveries(): WebhookDelivery[] {
		return this.webhookManager.listDeliveries();
	}

	/** Deliver a recorded delivery again (verbatim by default, or re-signed per variant). */
	replayWebhook(
		deliveryId: string,
		variant: SignatureVariant = 'verbatim',
	): Promise<WebhookDelivery> {
		return this.webhookManager.replay(deliveryId, variant);
	}

	/** An inbound fax arrives on the account's number: `fax.received` is delivered (awaited). */
	async receiveInbound(input: {
		from: string;
		pages?: number;
		key?: string;
		variant?: SignatureVariant;
	}): Promise<{ fax: Record<string, unknown>; deliveries: WebhookDelivery[] }> {
		if (input.variant === 'verbatim')
			throw new SimInputError('variant verbatim is only for replays');
		const before = this.webhookManager.listDeliveries().length;
		const record = this.sfm.receiveInbound(input);
		await this.webhookManager.drain();
		const fax = this.sfm.render(record);
		// Only this fax's deliveries: an outbound fax finishing meanwhile is delivered too.
		const ofThisFax = (delivery: WebhookDelivery) => {
			try {
				return (JSON.parse(delivery.body) as { data?: { id?: unknown } }).data?.id === fax.id;
			} catch {
				return false;
			}
		};
		return { fax, deliveries: this.webhookManager.listDeliveries().slice(before).filter(ofThisFax) };
	}

	/** Wait for every queued webhook delivery. */
	flushWebhooks(): Promise<void> {
		return this.webhookManager.drain();
	}
}

/** Start the simulator (see SimulatorOptions); `stop()` it when done. */
export function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	return Simulator.start(options);
}
