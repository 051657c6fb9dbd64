import path from 'node:path';

import {
	createHarness,
	harnessLogger,
	type Harness,
	type HarnessInputItem,
	type NodeRunResult,
} from '../harness';
import { startSimulator, type Simulator } from '../../simulator';
import { PROVIDER_ENTRIES } from './catalogue.providers';
import {
	CATALOGUE as BASE_CATALOGUE,
	CREDENTIAL_TYPE,
	GOOD_NUMBERS,
	defaultCredentials,
	type CatalogueEntry,
} from './catalogue';
import { goodPdf, MARKER } from './fixtures';

// The rate limiter is module state of the built package the harness loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { resetRateLimitState } = require('../../dist/nodes/Fax/transport/rateLimiter') as {
	resetRateLimitState: () => void;
};

const FAX = 'n8n-nodes-fax.fax';
const CATALOGUE = [...BASE_CATALOGUE, ...PROVIDER_ENTRIES];
const PACKAGE_DIR = path.resolve(__dirname, '../..');

let harness: Harness;
let sim: Simulator;

beforeAll(async () => {
	[harness, sim] = await Promise.all([
		createHarness({ packageDir: PACKAGE_DIR }),
		startSimulator({ speed: 0 }),
	]);
});

afterAll(async () => {
	await Promise.all([harness?.close(), sim?.stop()]);
});

/** What libraries print to the console (pdf-lib warns about damaged PDFs): checked for leaks too. */
let consoleOutput: string[] = [];

beforeEach(() => {
	sim.reset();
	resetRateLimitState();
	harnessLogger().clear();
	consoleOutput = [];
	for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
		jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
			consoleOutput.push(args.map(String).join(' '));
		});
	}
});

afterEach(() => {
	jest.restoreAllMocks();
});

function safeJson(value: unknown): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(value, (_key, inner: unknown) => {
		if (inner && typeof inner === 'object') {
			if (seen.has(inner)) return '[circular]';
			seen.add(inner);
		}
		if (inner instanceof Error) return { ...inner, name: inner.name, message: inner.message };
		return inner;
	});
}

/**
 * Values made up anew for every run — an n8n error's `timestamp` (epoch ms) and the harness
 * node's random UUID — hold no fax number, yet their digits can hold any 5 in a row: left out
 * of the digit check below, which would otherwise fail now and then.
 */
const RUN_NOISE = [
	/"timestamp":\d+/g,
	/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g,
];

/** The error text a user (or a log) can see must not quote the document nor a full fax number. */
function expectNoLeak(entry: CatalogueEntry, surface: string, documents: Buffer[]): void {
	expect(surface).not.toContain(MARKER);
	for (const secret of entry.secrets ?? [])
		expect([secret, surface.includes(secret)]).toEqual([secret, false]);
	for (const data of documents) {
		if (data.length >= 48) expect(surface).not.toContain(data.subarray(0, 48).toString('base64'));
	}
	const digitsOnly = RUN_NOISE.reduce((text, noise) => text.replace(noise, ''), surface).replace(
		/[\s().\-/]/g,
		'',
	);
	for (const number of [
		...(entry.numbers ?? []),
		GOOD_NUMBERS[0],
		GOOD_NUMBERS[2],
		'+12125550151',
	]) {
		const digits = number.replace(/\D/g, '');
		// Visible: the last 4 digits at most.
		expect(digitsOnly).not.toContain(digits.slice(-5));
	}
}

function documentsOf(items: HarnessInputItem[]): Buffer[] {
	return items.flatMap((item) => Object.values(item.binary ?? {}).map((binary) => binary.data));
}

async function run(
	entry: CatalogueEntry,
	items: HarnessInputItem[],
	continueOnFail: boolean,
): Promise<NodeRunResult> {
	const type = CREDENTIAL_TYPE[entry.provider];
	return await harness.runNode({
		type: FAX,
		parameters: entry.parameters,
		credentials: { [type]: { ...defaultCredentials(sim, entry.provider), ...entry.credentials } },
		items,
		nodeOptions: continueOnFail ? { onError: 'continueRegularOutput' } : {},
	});
}

function providerRequests(entry: CatalogueEntry, method?: string) {
	return sim.requests({ provider: entry.provider, ...(method ? { method } : {}) });
}

function expectMessage(entry: CatalogueEntry, message: string, itemIndex: number): void {
	for (const pattern of entry.message) expect(message).toMatch(pattern);
	if (entry.namesItem) expect(message).toMatch(new RegExp(`item ${itemIndex}\\b`));
}

describe('bad-input catalogue: Fax node in n8n-core against the simulator', () => {
	it('has at least 30 entries, each with a unique id', () => {
		expect(CATALOGUE.length).toBeGreaterThanOrEqual(30);
		expect(new Set(CATALOGUE.map((entry) => entry.id)).size).toBe(CATALOGUE.length);
	});

	describe.each(CATALOGUE.map((entry) => [entry.id, entry] as const))('%s', (_id, entry) => {
		it(`fails the node with a clear ${entry.error}${entry.beforeUpload ? ', before any upload' : ''}`, async () => {
			await entry.setup?.(sim);
			const items = [await entry.bad(sim)];
			const result = await run(entry, items, false);

			expect(result.run.status).toBe('error');
			expect(result.items).toEqual([]);
			const error = result.nodeError;
			expect(error).toBeDefined();
			expect(error?.name).toBe(entry.error);
			expectMessage(entry, error!.message, 0);
			if (entry.description) expect(error?.description).toMatch(entry.description);
			if (entry.httpCode) expect((error as { httpCode?: string }).httpCode).toBe(entry.httpCode);
			expect(result.run.data.resultData.error?.message).toBe(error?.message);

			if (entry.beforeUpload) expect(providerRequests(entry, 'POST')).toEqual([]);
			if (entry.noRequest) expect(providerRequests(entry)).toEqual([]);
			if (entry.httpCode)
				expect(providerRequests(entry).at(-1)?.status).toBe(Number(entry.httpCode));
			expect(sim.faxes({ provider: entry.provider }).filter((fax) => !fax.seeded)).toEqual([]);

			expectNoLeak(
				entry,
				safeJson([error, result.run.data.resultData.error, harnessLogger().entries, consoleOutput]),
				documentsOf(items),
			);
		});

		it('with continueOnFail: the bad item becomes an error item, the others are processed', async () => {
			await entry.setup?.(sim);
			const good =
				entry.good ?? (async (_sim: Simulator, index: 0 | 2) => await defaultGoodItem(index));
			const items = [await good(sim, 0), await entry.bad(sim), await good(sim, 2)];
			const result = await run(entry, items, true);

			expect(result.run.status).toBe('success');
			// n8n turns an item with `error` into `{ json: { error: message }, error }`.
			const errorItems = result.items.filter((item) => item.error !== undefined);
			const okItems = result.items.filter((item) => item.error === undefined);

			if (entry.scope === 'node') {
				// Credential, account or operation at fault: every item fails on its own.
				expect(errorItems.map((item) => item.pairedItem)).toEqual([
					{ item: 0 },
					{ item: 1 },
					{ item: 2 },
				]);
				expect(okItems).toEqual([]);
				expect(sim.faxes({ provider: entry.provider }).filter((fax) => !fax.seeded)).toEqual([]);
			} else {
				expect(errorItems.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
				expect(okItems.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
				expectGoodOutcome(
					entry,
					okItems.map((item) => item.json),
				);
			}

			const [bad] = errorItems.filter((item) => (item.pairedItem as { item: number }).item === 1);
			expectMessage(entry, String(bad.json.error), 1);
			if (entry.description) expect(bad.error?.description).toMatch(entry.description);
			expect(bad.error?.name).toBe(entry.error);
			expect(bad.error?.constructor.name).toBe(entry.error);
			if (entry.httpCode)
				expect((bad.error as { httpCode?: string } | undefined)?.httpCode).toBe(entry.httpCode);
			expect(bad.binary).toBeUndefined();

			if (entry.noRequest && entry.scope === 'node') expect(providerRequests(entry)).toEqual([]);
			if (entry.beforeUpload && entry.scope === 'node')
				expect(providerRequests(entry, 'POST')).toEqual([]);

			expectNoLeak(
				entry,
				safeJson([errorItems, harnessLogger().entries, consoleOutput]),
				documentsOf(items),
			);
		});
	});
});

async function defaultGoodItem(index: 0 | 2): Promise<HarnessInputItem> {
	return {
		json: { to: GOOD_NUMBERS[index] },
		binary: {
			data: { data: await goodPdf(), fileName: 'referral.pdf', mimeType: 'application/pdf' },
		},
	};
}

function expectGoodOutcome(entry: CatalogueEntry, outputs: Array<Record<string, unknown>>): void {
	const outcome = entry.goodOutcome ?? 'faxes';
	const created = sim.faxes({ provider: entry.provider }).filter((fax) => !fax.seeded);
	switch (outcome) {
		case 'faxes': {
			// Exactly the two good items were uploaded: one fax each, nothing for the bad item.
			expect(created.map((fax) => fax.to)).toEqual([GOOD_NUMBERS[0], GOOD_NUMBERS[2]]);
			expect(outputs.map((json) => json.to)).toEqual([GOOD_NUMBERS[0], GOOD_NUMBERS[2]]);
			expect(outputs.map((json) => json.provider)).toEqual([entry.provider, entry.provider]);
			break;
		}
		case 'scheduled': {
			const accepted = sim
				.requests({ provider: entry.provider, method: 'POST' })
				.filter((request) => request.status === 201);
			expect(accepted).toHaveLength(2);
			expect(outputs.map((json) => json.status)).toEqual(['scheduled', 'scheduled']);
			expect(created).toEqual([]);
			break;
		}
		case 'lookup': {
			const seeded = sim.faxes({ provider: entry.provider });
			expect(outputs.map((json) => json.id)).toEqual([seeded[0].id, seeded[1].id]);
			expect(outputs.every((json) => json.isFinal === true)).toBe(true);
			expect(created).toEqual([]);
			break;
		}
		case 'download': {
			const seeded = sim.faxes({ provider: entry.provider });
			expect(outputs.map((json) => json.id)).toEqual([seeded[0].id, seeded[1].id]);
			expect(outputs.map((json) => json.mimeType)).toEqual(['application/pdf', 'application/pdf']);
			break;
		}
	}
}
