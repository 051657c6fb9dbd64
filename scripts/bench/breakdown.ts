import path from 'node:path';

import { Agent, request } from 'undici';

import { SIM_KEYS } from '../../simulator';
import { scanLikePdf } from '../lib/pdf';
import { PACKAGE_DIR } from '../lib/setup';
import type { SimProcess } from '../lib/simProcess';
import { median } from '../lib/stats';

export interface BreakdownRow {
	step: string;
	msPerItem: number;
}

interface DocumentModule {
	loadPdf(data: Buffer): Promise<unknown>;
}
interface JsonBodyModule {
	jsonWithBase64Document(document: Buffer, build: (placeholder: string) => object): Buffer;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(file: string) => require(path.join(PACKAGE_DIR, 'dist/nodes/Fax', file)) as T;

async function timePerItem(
	repeats: number,
	step: () => Promise<unknown> | unknown,
): Promise<number> {
	const samples: number[] = [];
	for (let index = 0; index < repeats; index++) {
		const started = performance.now();
		await step();
		samples.push(performance.now() - started);
	}
	return median(samples);
}

/** Where a send's time goes, step by step, for one document of `documentBytes`. */
export async function measureBreakdown(
	sim: SimProcess,
	documentBytes: number,
	repeats = 30,
): Promise<BreakdownRow[]> {
	const pdf = await scanLikePdf(documentBytes, 5, 7);
	const { loadPdf } = load<DocumentModule>('document/inspectPdf');
	const { jsonWithBase64Document } = load<JsonBodyModule>('transport/jsonBody');
	const to = '+12125550150';
	const postUrl = `${sim.baseUrls.sendFaxMail}/v1/faxes`;
	const headers = () => ({
		authorization: `Bearer ${SIM_KEYS.sendFaxMail.business}`,
		'content-type': 'application/json',
		'idempotency-key': `bench-${performance.now()}-${Math.random()}`,
	});
	const post = async (body: string | Buffer, dispatcher?: Agent) => {
		const response = await request(postUrl, {
			method: 'POST',
			headers: headers(),
			body,
			dispatcher,
		});
		await response.body.json();
	};
	const naiveBody = () =>
		JSON.stringify({
			to,
			document: { content: pdf.toString('base64'), content_type: 'application/pdf' },
		});
	await sim.control('POST', '/config', { rateLimits: false });
	for (let index = 0; index < 3; index++) await post(naiveBody());

	// The two POST variants alternate (and the simulator is emptied now and then), so drift
	// and the simulator's garbage collection hit both alike.
	const keepAlive: number[] = [];
	const fresh: number[] = [];
	for (let index = 0; index < repeats; index++) {
		if (index % 10 === 0) {
			await sim.control('POST', '/reset');
			await sim.control('POST', '/config', { rateLimits: false });
		}
		keepAlive.push(await timePerItem(1, async () => await post(naiveBody())));
		fresh.push(
			await timePerItem(1, async () => {
				const agent = new Agent();
				await post(naiveBody(), agent);
				await agent.close();
			}),
		);
	}
	const rows: BreakdownRow[] = [
		{ step: 'raw POST, keep-alive connection (the baseline)', msPerItem: median(keepAlive) },
		{ step: 'raw POST, new connection per request (as n8n-core sends)', msPerItem: median(fresh) },
		{
			step: 'pdf-lib load + page check (node)',
			msPerItem: await timePerItem(repeats, async () => await loadPdf(pdf)),
		},
		{
			step: 'JSON.stringify body + to bytes (before the fix)',
			msPerItem: await timePerItem(repeats, () => Buffer.from(naiveBody())),
		},
		{
			step: 'jsonWithBase64Document body (node, after the fix)',
			msPerItem: await timePerItem(repeats, () =>
				jsonWithBase64Document(pdf, (content) => ({
					to,
					document: { content, content_type: 'application/pdf' },
				})),
			),
		},
	];
	const listUrl = `${sim.baseUrls.faxRocks}/faxes?perPage=50&page=1`;
	rows.push({
		step: 'faxrocks id lookup: one GET /faxes?perPage=50 (node makes 2 per send)',
		msPerItem: await timePerItem(repeats, async () => {
			const response = await request(listUrl, {
				headers: { authorization: `Bearer ${SIM_KEYS.faxRocks.primary}` },
			});
			await response.body.json();
		}),
	});
	await sim.control('POST', '/reset');
	return rows;
}
