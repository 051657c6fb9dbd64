/**
 * Shared setup for the Fax node integration tests: the built package in real n8n-core (the
 * harness) against one in-process simulator per test file, over real HTTP on 127.0.0.1.
 */
import path from 'node:path';

import type {
	ExecutionError,
	ICredentialType,
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	IWorkflowSettings,
} from 'n8n-workflow';

import {
	createHarness,
	type AnyNodeType,
	type CredentialsData,
	type Harness,
	type HarnessInputItem,
	type NodeOptions,
	type NodeRunResult,
} from '../harness';
import type { Simulator, SimulatorOptions } from '../../simulator';
import { SIM_KEYS, makePdf, startSimulator } from '../../simulator';

export { until } from '../until';

export const PACKAGE_DIR = path.resolve(__dirname, '../..');
export const FAX_NODE = 'n8n-nodes-fax.fax';

export type Provider = 'faxRocks' | 'faxDrop' | 'sendFaxMail';
export const PROVIDERS: Provider[] = ['faxRocks', 'faxDrop', 'sendFaxMail'];

/** Paths of the simulator's routes (as in `sim.requests()`). */
export const SEND_PATH: Record<Provider, string> = {
	faxRocks: '/faxrocks/api/send',
	faxDrop: '/faxdrop/api/send-fax',
	sendFaxMail: '/sendfaxmail/v1/faxes',
};

/** Fictional numbers (NANP 555-01XX); magic endings drive the simulator's outcomes. */
export const NUMBERS = {
	ok: '+12125550123',
	ok2: '+12125550124',
	ok3: '+12125550125',
	failed: '+12125550111',
	partial: '+12125550122',
	busy: '+12125550133',
	slow: '+12125550144',
} as const;

/** Printed in every test document: must never show up in output, errors or logs. */
export const MARKER = 'SECRET-PATIENT-MARKER-8842';

/** A PDF of `pages` pages carrying the marker text. */
export function testPdf(pages = 2): Buffer {
	const specs: string[][] = [];
	for (let page = 1; page <= pages; page++)
		specs.push([MARKER, `Referral page ${page} of ${pages}`]);
	return makePdf(specs);
}

export function pdfBinary(data: Buffer = testPdf()): HarnessInputItem['binary'] {
	return { data: { data, fileName: 'referral.pdf', mimeType: 'application/pdf' } };
}

export const FAXDROP_SENDER = {
	senderName: 'Riverside Clinic',
	senderEmail: 'frontdesk@clinic.example',
};

export interface CredentialOverrides {
	key?: string;
	/** FaxDrop credential defaults (`senderName`, `senderEmail`); default: none. */
	faxDropDefaults?: IDataObject;
	/** More fields of any provider's credential, e.g. `allowedRecipients`. */
	extra?: IDataObject;
}

export function credentialsFor(
	sim: Simulator,
	provider: Provider,
	overrides: CredentialOverrides = {},
): CredentialsData {
	switch (provider) {
		case 'faxRocks':
			return {
				faxRocksApi: {
					apiToken: overrides.key ?? SIM_KEYS.faxRocks.primary,
					baseUrl: sim.baseUrls.faxRocks,
					...(overrides.extra ?? {}),
				},
			};
		case 'faxDrop':
			return {
				faxDropApi: {
					apiKey: overrides.key ?? SIM_KEYS.faxDrop.primary,
					baseUrl: sim.baseUrls.faxDrop,
					...(overrides.faxDropDefaults ?? {}),
					...(overrides.extra ?? {}),
				},
			};
		case 'sendFaxMail':
			return {
				sendFaxMailApi: {
					apiKey: overrides.key ?? SIM_KEYS.sendFaxMail.business,
					baseUrl: sim.baseUrls.sendFaxMail,
					...(overrides.extra ?? {}),
				},
			};
	}
}

export interface FaxEnv {
	harness: Harness;
	sim: Simulator;
	/** `resetRateLimitState` of the built transport the harness loaded. */
	resetRateLimitState: () => void;
}

/**
 * One harness and one simulator for the test file; before each test the simulator is reset
 * (clock back to real now, speed as started), the node's rate-limit memory cleared and the
 * harness log emptied.
 */
export function useFaxEnv(
	options: SimulatorOptions = {},
	extra: { nodes?: Record<string, AnyNodeType>; credentials?: ICredentialType[] } = {},
): FaxEnv {
	const env = {} as FaxEnv;
	beforeAll(async () => {
		env.harness = await createHarness({
			packageDir: PACKAGE_DIR,
			nodes: extra.nodes,
			credentials: extra.credentials,
		});
		env.sim = await startSimulator({ speed: 0, ...options });
		// The same module instance the loaded node uses (jest's registry of this test file).
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const rateLimiter = require(path.join(PACKAGE_DIR, 'dist/nodes/Fax/transport/rateLimiter')) as {
			resetRateLimitState: () => void;
		};
		env.resetRateLimitState = rateLimiter.resetRateLimitState;
	});
	beforeEach(() => {
		env.sim.reset();
		env.resetRateLimitState();
		env.harness.env.logger.clear();
	});
	afterAll(async () => {
		await env.sim?.stop();
		await env.harness?.close();
	});
	return env;
}

export interface RunFaxOptions {
	provider: Provider;
	resource?: string;
	operation: string;
	parameters?: INodeParameters;
	items?: HarnessInputItem[];
	/** Default: one item with a 2-page test PDF in `data` for send-like operations. */
	withDocument?: boolean;
	nodeOptions?: NodeOptions;
	settings?: IWorkflowSettings;
	credentials?: CredentialOverrides;
	executionId?: string;
	/** Node type to run (default the Fax node), e.g. its AI-tool variant. */
	type?: string;
}

const SEND_OPERATIONS = ['send', 'sendBatch', 'schedule', 'check'];

/** Runs the Fax node once (Harness Source → Fax) against the simulator. */
export async function runFax(env: FaxEnv, options: RunFaxOptions): Promise<NodeRunResult> {
	const withDocument = options.withDocument ?? SEND_OPERATIONS.includes(options.operation);
	const items = options.items ?? [withDocument ? { json: {}, binary: pdfBinary() } : { json: {} }];
	return await env.harness.runNode({
		type: options.type ?? FAX_NODE,
		parameters: {
			provider: options.provider,
			resource: options.resource ?? 'fax',
			operation: options.operation,
			...(options.parameters ?? {}),
		},
		credentials: credentialsFor(env.sim, options.provider, options.credentials),
		items,
		nodeOptions: options.nodeOptions,
		settings: options.settings,
		executionId: options.executionId,
	});
}

/** The item JSON, for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export function jsonOf(items: INodeExecutionData[]): Json[] {
	return items.map((item) => item.json);
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
const STATUSES = [
	'queued',
	'scheduled',
	'sending',
	'delivered',
	'failed',
	'partial',
	'cancelled',
	'unknown',
];
const FINAL = ['delivered', 'failed', 'partial', 'cancelled'];
export const UNIFIED_KEYS = [
	'provider',
	'id',
	'to',
	'status',
	'isFinal',
	'pages',
	'pagesSent',
	'scheduledAt',
	'sentAt',
	'completedAt',
	'cost',
	'error',
];
/** Send, Send Batch and Schedule items add these; `raw` only with Include Provider Response. */
export const SEND_KEYS = ['outcome', 'audit'];

function nullOr(value: unknown, check: (value: unknown) => boolean): boolean {
	return value === null || check(value);
}

/** Every field of DESIGN.md's unified fax item, with the right types. */
export function expectUnifiedFax(
	json: Json,
	provider: Provider,
	{ sent = 'outcome' in json, raw = false }: { sent?: boolean; raw?: boolean } = {},
): void {
	const keys = [...UNIFIED_KEYS, ...(sent ? SEND_KEYS : []), ...(raw ? ['raw'] : [])];
	expect(Object.keys(json).sort()).toEqual(keys.sort());
	expect(json.provider).toBe(provider);
	expect(nullOr(json.id, (v) => typeof v === 'string' && v.length > 0)).toBe(true);
	expect(nullOr(json.to, (v) => typeof v === 'string' && /^\+\d{8,15}$/.test(v as string))).toBe(
		true,
	);
	expect(STATUSES).toContain(json.status);
	expect(json.isFinal).toBe(FINAL.includes(json.status));
	for (const key of ['pages', 'pagesSent', 'cost']) {
		expect([key, nullOr(json[key], (v) => typeof v === 'number' && Number.isFinite(v))]).toEqual([
			key,
			true,
		]);
	}
	for (const key of ['scheduledAt', 'sentAt', 'completedAt']) {
		expect([
			key,
			nullOr(json[key], (v) => typeof v === 'string' && ISO_UTC.test(v as string)),
		]).toEqual([key, true]);
	}
	if (json.error !== null) {
		expect(Object.keys(json.error).sort()).toEqual(['code', 'message']);
		expect(nullOr(json.error.code, (v) => typeof v === 'string')).toBe(true);
		expect(typeof json.error.message).toBe('string');
		expect(json.error.message.length).toBeGreaterThan(0);
	}
	if (raw) {
		expect(typeof json.raw).toBe('object');
		expect(json.raw).not.toBeNull();
		expect(Array.isArray(json.raw)).toBe(false);
	}
	if (sent) {
		expect(['not_sent', 'uncertain', 'sent']).toContain(json.outcome);
		expect(Object.keys(json.audit).sort()).toEqual(AUDIT_KEYS);
	}
}

export const AUDIT_KEYS = [
	'coverPage',
	'documentBytes',
	'documentSha256',
	'executionId',
	'faxId',
	'idempotencyKey',
	'node',
	'pages',
	'provider',
	'requestedAt',
	'to',
	'workflowId',
];

/**
 * JSON of anything, tolerating cycles (errors, log metadata). `omitParameters` leaves out
 * node parameters (what the user typed into the node, which n8n itself logs with errors).
 */
export function safeStringify(value: unknown, omitParameters = false): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(value, (key, child: unknown) => {
		if (omitParameters && key === 'parameters') return undefined;
		if (typeof child === 'object' && child !== null) {
			if (seen.has(child)) return '[cycle]';
			seen.add(child);
		}
		if (child instanceof Error) {
			return { name: child.name, message: child.message, ...(child as unknown as IDataObject) };
		}
		if (Buffer.isBuffer(child)) return child.toString('base64');
		return child;
	});
}

/** Error texts of a run: the node error and every error item. */
export function errorTexts(result: NodeRunResult): string[] {
	const texts: string[] = [];
	const nodeError = result.nodeError as
		| (ExecutionError & { description?: string | null })
		| undefined;
	if (nodeError) {
		// The node's parameters (what the user typed) are part of the error object; they are not
		// something the node wrote.
		const rest: IDataObject = { ...(nodeError as unknown as IDataObject) };
		delete rest.node;
		texts.push(nodeError.message, String(nodeError.description ?? ''), safeStringify(rest));
	}
	for (const item of result.items) {
		if (item.error) texts.push(item.error.message, String(item.error.description ?? ''));
		if (item.json.error) texts.push(safeStringify(item.json.error));
	}
	return texts;
}

/** Base64 windows of a document: the whole and slices at 3-byte-aligned offsets. */
export function base64Probes(document: Buffer): string[] {
	const base64 = document.toString('base64');
	const probes = [base64];
	for (let offset = 0; offset + 48 <= base64.length; offset += 64)
		probes.push(base64.slice(offset, offset + 48));
	return probes;
}

/**
 * Fails when a text contains the document (base64 or its marker text) or, where `numbers`
 * are given, one of those numbers unmasked (its digits in a row).
 */
export function expectNoLeak(
	label: string,
	text: string,
	document: Buffer,
	numbers: string[] = [],
): void {
	for (const probe of base64Probes(document)) {
		expect([label, text.includes(probe)]).toEqual([label, false]);
	}
	expect([label, text.includes(MARKER)]).toEqual([label, false]);
	for (const number of numbers) {
		const digits = number.replace(/\D/g, '');
		const flat = text.replace(/[\s().-]/g, '');
		if (process.env.DEBUG_LEAK && flat.includes(digits)) {
			const at = flat.indexOf(digits);
			process.stderr.write(`LEAK ${label}: …${flat.slice(Math.max(0, at - 300), at + 60)}…\n`);
		}
		expect([label, flat.includes(digits)]).toEqual([label, false]);
	}
}

/** Everything the harness logger captured, as one text (optionally without node parameters). */
export function logText(env: FaxEnv, omitParameters = false): string {
	return env.harness.env.logger.entries
		.map(
			(entry) =>
				`${entry.level} ${entry.message} ${entry.metadata ? safeStringify(entry.metadata, omitParameters) : ''}`,
		)
		.join('\n');
}

/** The number of requests of a method to a path (exact or prefix). */
export function countRequests(sim: Simulator, method: string, pathPrefix: string): number {
	return sim.requests({ method, path: pathPrefix }).length;
}
