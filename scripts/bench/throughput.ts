import { randomUUID } from 'node:crypto';
import path from 'node:path';

import { request } from 'undici';

import { SIM_KEYS } from '../../simulator';
import type { Harness } from '../../test/harness';
import { scanLikePdf } from '../lib/pdf';
import {
	FAX_NODE,
	PACKAGE_DIR,
	resetNodeRateLimits,
	sendParameters,
	simCredentials,
	type ProviderName,
} from '../lib/setup';
import type { SimProcess } from '../lib/simProcess';
import { median } from '../lib/stats';

export interface ThroughputResult {
	provider: ProviderName;
	items: number;
	documentBytes: number;
	nodeMs: number[];
	rawMs: number[];
	/** Fax node items/s ÷ raw undici items/s (medians). */
	ratio: number;
	/** faxrocks: raw POST plus the two list requests the id lookup needs, and the node against that. */
	rawLookupMs?: number[];
	lookupRatio?: number;
}

const TO = '+12125550150';

interface BuildModule {
	buildFaxDocument(
		inputs: Array<{ data: Buffer; propertyName: string }>,
		options: Record<string, unknown>,
	): Promise<{ data: Buffer }>;
}

/**
 * The bytes the node uploads for `pdf` (rebuilt from its pages, Remove Hidden Content on, as
 * the node's defaults): the raw client posts exactly these, so both sides upload the same bytes.
 */
async function uploadedBytes(provider: ProviderName, pdf: Buffer): Promise<Buffer> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { buildFaxDocument } = require(
		path.join(PACKAGE_DIR, 'dist/nodes/Fax/document/buildFaxDocument'),
	) as BuildModule;
	const built = await buildFaxDocument([{ data: pdf, propertyName: 'data' }], {
		target: provider === 'sendFaxMail' ? 'asIs' : 'pdf',
		pageSize: 'Letter',
		providerName: provider,
		itemIndex: 0,
		removeHiddenContent: true,
	});
	return built.data;
}

/** The same request the node makes, built per item as any client must (base64 + JSON). */
function rawRequest(sim: SimProcess, provider: ProviderName, pdf: Buffer) {
	if (provider === 'sendFaxMail') {
		return {
			url: `${sim.baseUrls.sendFaxMail}/v1/faxes`,
			headers: (): Record<string, string> => ({
				authorization: `Bearer ${SIM_KEYS.sendFaxMail.business}`,
				'idempotency-key': randomUUID(),
			}),
			body: () =>
				JSON.stringify({
					to: TO,
					document: { content: pdf.toString('base64'), content_type: 'application/pdf' },
				}),
		};
	}
	if (provider === 'faxRocks') {
		return {
			url: `${sim.baseUrls.faxRocks}/send`,
			headers: (): Record<string, string> => ({
				authorization: `Bearer ${SIM_KEYS.faxRocks.primary}`,
			}),
			body: () => JSON.stringify({ number: TO, data: pdf.toString('base64') }),
		};
	}
	throw new Error(`no raw baseline for ${provider}`);
}

/** faxrocks' id lookup as the node does it: the newest 50 before the send, 51 after. */
async function listFaxRocks(sim: SimProcess, perPage: number): Promise<void> {
	const response = await request(`${sim.baseUrls.faxRocks}/faxes?perPage=${perPage}&page=1`, {
		headers: { authorization: `Bearer ${SIM_KEYS.faxRocks.primary}`, accept: 'application/json' },
	});
	await response.body.json();
}

async function rawRun(
	sim: SimProcess,
	provider: ProviderName,
	pdf: Buffer,
	items: number,
	withLookup = false,
): Promise<number> {
	const spec = rawRequest(sim, provider, pdf);
	const started = performance.now();
	for (let index = 0; index < items; index++) {
		if (withLookup) await listFaxRocks(sim, 50);
		const response = await request(spec.url, {
			method: 'POST',
			headers: {
				...spec.headers(),
				accept: 'application/json',
				'content-type': 'application/json',
			},
			body: spec.body(),
		});
		const answer = (await response.body.json()) as { id?: string };
		if (response.statusCode !== 201) throw new Error(`raw POST answered ${response.statusCode}`);
		if (provider === 'sendFaxMail' && !answer.id)
			throw new Error('raw POST answered without an id');
		if (withLookup) await listFaxRocks(sim, 51);
	}
	return performance.now() - started;
}

async function nodeRun(
	harness: Harness,
	sim: SimProcess,
	provider: ProviderName,
	pdf: Buffer,
	items: number,
): Promise<number> {
	resetNodeRateLimits();
	const result = await harness.runNode({
		type: FAX_NODE,
		parameters: sendParameters(provider, TO),
		credentials: simCredentials(sim),
		binaries: Array.from({ length: items }, () => ({
			data: { data: pdf, fileName: 'referral.pdf', mimeType: 'application/pdf' },
		})),
	});
	if (result.nodeError) throw new Error(`Fax node failed: ${result.nodeError.message}`);
	const withId = result.items.filter((item) => typeof item.json.id === 'string').length;
	if (withId !== items) throw new Error(`Fax node returned ${withId} of ${items} faxes with an id`);
	const [task] = result.taskData(result.nodeName);
	return task.executionTime;
}

/**
 * Send throughput of the Fax node (n8n-core execution of `items` items, one PDF each) against
 * raw undici POSTs of the same payload to the same simulator route, alternating, `rounds` times.
 */
export async function measureThroughput(
	harness: Harness,
	sim: SimProcess,
	provider: ProviderName,
	options: { items: number; documentBytes: number; rounds: number },
): Promise<ThroughputResult> {
	const pdf = await scanLikePdf(options.documentBytes, 5, 7);
	const uploaded = await uploadedBytes(provider, pdf);
	await sim.control('POST', '/config', { rateLimits: false });
	// Warm-up: JIT, connections, module loading.
	await nodeRun(harness, sim, provider, pdf, 3);
	await rawRun(sim, provider, uploaded, 3);

	const nodeMs: number[] = [];
	const rawMs: number[] = [];
	const rawLookupMs: number[] = [];
	const reset = async () => {
		await sim.control('POST', '/reset');
		await sim.control('POST', '/config', { rateLimits: false });
	};
	for (let round = 0; round < options.rounds; round++) {
		await reset();
		rawMs.push(await rawRun(sim, provider, uploaded, options.items));
		if (provider === 'faxRocks') {
			await reset();
			rawLookupMs.push(await rawRun(sim, provider, uploaded, options.items, true));
		}
		await sim.control('POST', '/reset');
		await sim.control('POST', '/config', { rateLimits: false });
		nodeMs.push(await nodeRun(harness, sim, provider, pdf, options.items));
	}
	await sim.control('POST', '/reset');
	return {
		provider,
		items: options.items,
		documentBytes: pdf.length,
		nodeMs,
		rawMs,
		ratio: median(rawMs) / median(nodeMs),
		...(rawLookupMs.length
			? { rawLookupMs, lookupRatio: median(rawLookupMs) / median(nodeMs) }
			: {}),
	};
}
