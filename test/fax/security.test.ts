/**
 * Patient data: for sends through each provider (delivered, failed, lost answers, refused
 * recipients, bad input, provider errors), the document never shows up in output JSON, error
 * messages or n8n's logs, and error messages never carry a recipient's full fax number.
 */
import { buildFaxDocument } from '../../nodes/Fax/document';
import { SIM_KEYS } from '../../simulator';
import type { NodeRunResult } from '../harness';
import {
	FAXDROP_SENDER,
	NUMBERS,
	PROVIDERS,
	SEND_PATH,
	errorTexts,
	expectNoLeak,
	logText,
	pdfBinary,
	runFax,
	safeStringify,
	testPdf,
	useFaxEnv,
	type Provider,
	type RunFaxOptions,
} from './helpers';

const env = useFaxEnv();

const DOCUMENT = testPdf(3);
const ALL_NUMBERS = Object.values(NUMBERS);

function sender(provider: Provider): Record<string, string> {
	return provider === 'faxDrop' ? FAXDROP_SENDER : {};
}

async function run(options: RunFaxOptions): Promise<NodeRunResult> {
	return await runFax(env, { items: [{ json: {}, binary: pdfBinary(DOCUMENT) }], ...options });
}

/** Output, errors and logs of every run hold no document; errors hold no full number. */
function expectClean(results: NodeRunResult[]): void {
	for (const [index, result] of results.entries()) {
		expectNoLeak(
			`output of run ${index}`,
			safeStringify(result.items.map((item) => item.json)),
			DOCUMENT,
		);
		expectNoLeak(`run data of run ${index}`, safeStringify(result.run.data.resultData), DOCUMENT);
		for (const text of errorTexts(result))
			expectNoLeak(`errors of run ${index}`, text, DOCUMENT, ALL_NUMBERS);
	}
	expectNoLeak('logs', logText(env), DOCUMENT);
	// n8n logs a failed node with its parameters (a number typed into the node); anything
	// else logged holds no full number.
	expectNoLeak('logs without node parameters', logText(env, true), DOCUMENT, ALL_NUMBERS);
	expect(logText(env)).toMatch(/Workflow execution finished with error/);
}

describe.each(PROVIDERS)('%s', (provider) => {
	it('sends, failures and errors leak neither the document nor full numbers', async () => {
		const results: NodeRunResult[] = [];
		// Delivered, failed and partial faxes, waited for.
		env.sim.setSpeed(60);
		results.push(
			await run({
				provider,
				operation: 'sendBatch',
				parameters: {
					toNumbers: [NUMBERS.ok, NUMBERS.failed, NUMBERS.partial].join(','),
					...sender(provider),
					options: { waitForCompletion: true, timeoutSeconds: 2 },
				},
			}),
		);
		env.sim.setSpeed(0);
		expect(results[0].items.map((item) => item.json.status)).toEqual([
			'delivered',
			'failed',
			'partial',
		]);
		// The document did travel (the simulator keeps only its size and hash), rebuilt from its pages.
		const bytes = (
			await buildFaxDocument([{ data: DOCUMENT, propertyName: 'data' }], {
				target: 'pdf',
				pageSize: 'Letter',
				providerName: 'any',
				itemIndex: 0,
				removeHiddenContent: true,
			})
		).data.length;
		expect(env.sim.faxes().map((fax) => fax.document?.bytes ?? fax.pages)).toEqual(
			provider === 'faxDrop' ? [3, 3, 3] : [bytes, bytes, bytes],
		);

		// The answer to an upload is lost.
		env.sim.addFault({ method: 'POST', path: SEND_PATH[provider], kind: 'drop-after-accept' });
		results.push(
			await run({
				provider,
				operation: 'send',
				parameters: { toNumber: NUMBERS.ok2, ...sender(provider) },
			}),
		);

		// A number the node refuses, and a provider error.
		results.push(
			await run({
				provider,
				operation: 'send',
				parameters: { toNumber: '+1313555019945678', ...sender(provider) },
			}),
		);
		const badKey = {
			faxRocks: 'bad-token',
			faxDrop: SIM_KEYS.faxDrop.revoked,
			sendFaxMail: SIM_KEYS.sendFaxMail.starter,
		}[provider];
		results.push(
			await run({
				provider,
				operation: 'send',
				parameters: { toNumber: NUMBERS.ok3, ...sender(provider) },
				credentials: { key: badKey },
			}),
		);
		expect(results[3].nodeError?.name).toBe('NodeApiError');

		// A recipient refused after another was sent (rate limit without patience).
		if (provider !== 'faxRocks') {
			// A fresh account: one send a minute.
			env.sim.reset();
			env.resetRateLimitState();
			env.sim.configure({ rateLimitScale: provider === 'faxDrop' ? 0.1 : 1 / 60 });
			results.push(
				await run({
					provider,
					operation: 'sendBatch',
					parameters: {
						toNumbers: [NUMBERS.busy, NUMBERS.slow].join(','),
						...sender(provider),
						options: { maxRateLimitWaitSeconds: 0 },
					},
					nodeOptions: { continueOnFail: true },
				}),
			);
			expect(results[4].items.map((item) => item.json.status)).toContain('failed');
		}

		expectClean(results);
	});
});

describe('the leak check itself', () => {
	it('finds the document as base64, a base64 window of it, or its text', () => {
		const base64 = DOCUMENT.toString('base64');
		expect(() => expectNoLeak('t', `x ${base64} y`, DOCUMENT)).toThrow();
		expect(() => expectNoLeak('t', base64.slice(400, 520), DOCUMENT)).toThrow();
		expect(() => expectNoLeak('t', DOCUMENT.toString('latin1'), DOCUMENT)).toThrow();
		expect(() => expectNoLeak('t', 'to +1 (212) 555-0123', DOCUMENT, [NUMBERS.ok])).toThrow();
		expect(() => expectNoLeak('t', 'to +*******0123', DOCUMENT, [NUMBERS.ok])).not.toThrow();
	});
});

describe('error messages mask the fax number to its last 4 digits', () => {
	it("a number outside FaxDrop's countries", async () => {
		const result = await run({
			provider: 'faxDrop',
			operation: 'send',
			parameters: { toNumber: '+44 20 7946 0123', ...FAXDROP_SENDER },
		});
		expect(result.nodeError?.message).toMatch(/\+\*+0123/);
		expect(result.nodeError?.message).not.toMatch(/2079460123/);
		expect(env.sim.requests()).toHaveLength(0);
	});

	it('every error of a batch the rate limit cut short', async () => {
		env.sim.configure({ rateLimitScale: 0.1 });
		const result = await run({
			provider: 'faxDrop',
			operation: 'sendBatch',
			parameters: {
				toNumbers: `${NUMBERS.ok},${NUMBERS.ok2}`,
				...FAXDROP_SENDER,
				options: { maxRateLimitWaitSeconds: 0 },
			},
		});
		const failed = result.items[1].json;
		expect(failed.status).toBe('failed');
		expectNoLeak('failed item error', safeStringify(failed.error), DOCUMENT, ALL_NUMBERS);
		expectNoLeak('logs', logText(env, true), DOCUMENT, ALL_NUMBERS);
		// The node did log the refused recipient (masked).
		expect(logText(env)).toMatch(/recipients failed; the others were sent/);
	});
});
