/**
 * Each distinct document is processed once per run of the node (issue 17): a run of items
 * carrying the same file reads, cleans and rebuilds it once, and every item uploads that one
 * result; different files, and documents with a cover page (it names the recipient), are
 * built per item. Counted by the built node's own counters (dist), checked against the
 * documents the simulator received.
 */
import {
	FAXDROP_SENDER,
	NUMBERS,
	PROVIDERS,
	SEND_PATH,
	jsonOf,
	pdfBinary,
	runFax,
	testPdf,
	useFaxEnv,
	type Provider,
} from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { documentCacheCounts } = require('../../dist/nodes/Fax/actions/send/1-documentCache') as {
	documentCacheCounts: { built: number; reused: number };
};

const env = useFaxEnv();
const THREE = [NUMBERS.ok, NUMBERS.ok2, NUMBERS.ok3];

function sendParams(provider: Provider, extra: Record<string, unknown> = {}) {
	return {
		toNumber: '={{ $json.to }}',
		...(provider === 'faxDrop' ? FAXDROP_SENDER : {}),
		...extra,
	};
}

async function sendItems(provider: Provider, files: Buffer[], extra: Record<string, unknown> = {}) {
	const before = { ...documentCacheCounts };
	const result = await runFax(env, {
		provider,
		operation: 'send',
		parameters: sendParams(provider, extra),
		items: files.map((file, index) => ({ json: { to: THREE[index] }, binary: pdfBinary(file) })),
	});
	expect(result.run.status).toBe('success');
	expect(jsonOf(result.items).map((item) => item.outcome)).toEqual(files.map(() => 'sent'));
	return {
		built: documentCacheCounts.built - before.built,
		reused: documentCacheCounts.reused - before.reused,
		uploads: uploadedDocuments(provider),
	};
}

/** The SHA-256 of each document uploaded to the provider's send endpoint, from the request log. */
function uploadedDocuments(provider: Provider): string[] {
	const found: string[] = [];
	const walk = (value: unknown): void => {
		if (!value || typeof value !== 'object') return;
		const record = value as Record<string, unknown>;
		if (typeof record.sha256 === 'string' && record.mimeType === 'application/pdf') {
			found.push(record.sha256);
			return;
		}
		Object.values(record).forEach(walk);
	};
	for (const request of env.sim.requests({ provider, method: 'POST' })) {
		if (request.path === SEND_PATH[provider]) walk(request.body);
	}
	return found;
}

describe.each(PROVIDERS)('%s: one document processing per distinct file in a run', (provider) => {
	it('three items carrying the same file: built once, the same bytes uploaded three times', async () => {
		const file = testPdf(2);
		const { built, reused, uploads } = await sendItems(provider, [file, file, file]);
		expect({ built, reused }).toEqual({ built: 1, reused: 2 });
		expect(uploads).toHaveLength(3);
		expect(new Set(uploads).size).toBe(1);
	});

	it("reads each item's file once, plus once for the one build: the document cache, Idempotency-Key and memo share one digest", async () => {
		const file = testPdf(2);
		const reads = jest.spyOn(env.harness.env.binaryDataService, 'getAsBuffer');
		try {
			const { built } = await sendItems(provider, [file, file, file]);
			expect(built).toBe(1);
			// 3 items, each read for its digest, and the first once more to build the document.
			expect(reads).toHaveBeenCalledTimes(3 + 1);
		} finally {
			reads.mockRestore();
		}
	});

	it('three different files: each built once', async () => {
		const { built, reused, uploads } = await sendItems(provider, [
			testPdf(1),
			testPdf(2),
			testPdf(3),
		]);
		expect({ built, reused }).toEqual({ built: 3, reused: 0 });
		expect(new Set(uploads).size).toBe(3);
	});
});

it('with a generated cover page (it names the recipient and the time) the same file is built for each item, never taken from the cache', async () => {
	const file = testPdf(2);
	const { built, reused, uploads } = await sendItems('faxRocks', [file, file], {
		options: { includeCover: true },
	});
	expect({ built, reused }).toEqual({ built: 0, reused: 0 });
	expect(new Set(uploads).size).toBe(2);
});
