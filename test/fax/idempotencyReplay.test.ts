/**
 * SendFAXMail returns the original fax for a repeated Idempotency-Key. A user key (or an
 * expression such as {{ $json.patientId }}) used again for another fax must not make the node
 * show the old fax as the new one: the item fails and names the earlier fax. A replay of the
 * item's own send (Retry On Fail) stays silent.
 */
import path from 'node:path';

import {
	NUMBERS,
	PACKAGE_DIR,
	jsonOf,
	pdfBinary,
	runFax,
	testPdf,
	useFaxEnv,
	type Json,
} from './helpers';

const env = useFaxEnv();

// The send memo is module state of the built package the harness loads: forgetting it plays a
// second n8n process (or a restart) that never saw the first fax.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { forgetSends } = require(
	path.join(PACKAGE_DIR, 'dist/nodes/Fax/actions/send/5-memo'),
) as {
	forgetSends: () => void;
};

async function sendWithKey(toNumber: string, idempotencyKey: string, executionId?: string) {
	return await runFax(env, {
		provider: 'sendFaxMail',
		operation: 'send',
		parameters: { toNumber, options: { idempotencyKey } },
		executionId,
	});
}

function faxIds(): string[] {
	return env.sim.faxes({ provider: 'sendFaxMail' }).map((fax) => fax.id);
}

describe('SendFAXMail: an Idempotency-Key reused for another fax', () => {
	it('another number, later, in another process: the item fails naming the earlier fax', async () => {
		const first = await sendWithKey(NUMBERS.ok, 'patient-4711');
		const earlierId = first.items[0].json.id as string;
		expect(earlierId).toMatch(/^fax_/);
		forgetSends();

		const second = await sendWithKey(NUMBERS.ok2, 'patient-4711');
		expect(second.items).toEqual([]);
		expect(second.nodeError?.message).toMatch(
			new RegExp(
				`^SendFAXMail answered with an earlier fax \\(ID ${earlierId}\\) instead of sending this one`,
			),
		);
		expect(second.nodeError?.message).toMatch(
			/this fax was not sent \(field "idempotencyKey", item 0\)/,
		);
		expect(second.nodeError?.description).toMatch(/new Idempotency-Key for every different fax/);
		// The key is the user's (it may be a patient ID): never quoted.
		expect(second.nodeError?.message).not.toContain('patient-4711');
		expect(faxIds()).toEqual([earlierId]);
	});

	it('the same number, created before this send began (provider clock): fails too', async () => {
		const first = await sendWithKey(NUMBERS.ok, 'referral-17');
		const earlierId = first.items[0].json.id as string;
		forgetSends();
		await env.sim.advanceClock(600);

		const second = await sendWithKey(NUMBERS.ok, 'referral-17');
		expect(second.nodeError?.message).toMatch(
			new RegExp(`earlier fax \\(ID ${earlierId}\\).*it was created .* before this send`),
		);
		expect(faxIds()).toEqual([earlierId]);
	});

	it('two items of one run with the same {{ $json.patientId }} key: the second fails, the first is kept', async () => {
		const result = await runFax(env, {
			provider: 'sendFaxMail',
			operation: 'send',
			parameters: {
				toNumber: NUMBERS.ok,
				options: { idempotencyKey: '={{ $json.patientId }}' },
			},
			// Two referrals of one patient: two documents, one key.
			items: [
				{ json: { patientId: 'p-88' }, binary: pdfBinary(testPdf(1)) },
				{ json: { patientId: 'p-88' }, binary: pdfBinary(testPdf(2)) },
			],
			nodeOptions: { onError: 'continueRegularOutput' },
		});
		const [first, second] = jsonOf(result.items) as Json[];
		expect(first).toMatchObject({ status: 'queued', error: null });
		expect(faxIds()).toEqual([first.id]);
		expect(second.error).toMatch(
			new RegExp(`earlier fax \\(ID ${first.id}\\).*another item already reported that fax`),
		);
		expect(second.id).toBeUndefined();
	});

	it('Send Batch: only the replayed recipient fails, the others are reported', async () => {
		const batch = (executionId: string) =>
			runFax(env, {
				provider: 'sendFaxMail',
				operation: 'sendBatch',
				parameters: {
					toNumbers: `${NUMBERS.ok}, ${NUMBERS.ok2}`,
					options: { idempotencyKey: 'batch-9' },
				},
				executionId,
			});
		const first = await batch('exec-a');
		expect(jsonOf(first.items).map((json: Json) => json.status)).toEqual(['queued', 'queued']);
		// The next batch, another document, the same key.
		const second = await runFax(env, {
			provider: 'sendFaxMail',
			operation: 'sendBatch',
			parameters: {
				toNumbers: `${NUMBERS.ok3}, ${NUMBERS.ok2}`,
				options: { idempotencyKey: 'batch-9' },
			},
			items: [{ json: {}, binary: pdfBinary(testPdf(3)) }],
			executionId: 'exec-b',
		});
		const [fresh, replayed] = jsonOf(second.items) as Json[];
		expect(fresh).toMatchObject({ to: NUMBERS.ok3, status: 'queued', error: null });
		expect(replayed).toMatchObject({ to: NUMBERS.ok2, status: 'failed', id: null });
		expect(replayed.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
		expect(replayed.error.message).toContain(jsonOf(first.items)[1].id);
		expect(env.sim.faxes({ provider: 'sendFaxMail' })).toHaveLength(3);
	});
});

describe("SendFAXMail: the item's own replay stays silent", () => {
	it('a send whose answers were lost is uncertain with its key; re-run with that key, the replayed fax is not an error', async () => {
		// Every attempt is performed but its answer dropped. The transport never repeats a send
		// that may have reached SendFAXMail: the item is uncertain and names its Idempotency-Key.
		// Re-running with that key makes SendFAXMail replay the fax it created, which is this
		// item's own fax, so it must not be reported as a reused key.
		env.sim.addFault({
			method: 'POST',
			path: '/sendfaxmail/v1/faxes',
			kind: 'drop-after-accept',
			count: 3,
		});
		const result = await runFax(env, {
			provider: 'sendFaxMail',
			operation: 'send',
			parameters: { toNumber: NUMBERS.ok },
			nodeOptions: { retryOnFail: true, maxTries: 2, waitBetweenTries: 10 },
		});
		expect(result.nodeError).toBeUndefined();
		expect(faxIds()).toHaveLength(1);
		const uncertain = result.items[0].json as {
			status: string;
			error: { code: string; message: string };
		};
		expect(uncertain).toMatchObject({ status: 'unknown', error: { code: 'OUTCOME_UNCERTAIN' } });
		const key = /"Idempotency Key" to (\S+) and run/.exec(uncertain.error.message)?.[1];
		expect(key).toBeDefined();
		const again = await sendWithKey(NUMBERS.ok, key as string);
		expect(again.nodeError).toBeUndefined();
		expect(again.items[0].json).toMatchObject({ id: faxIds()[0], error: null });
		expect(faxIds()).toHaveLength(1);
	});

	it('the same document to the same number again in a new execution: the original fax, no error', async () => {
		const first = await sendWithKey(NUMBERS.ok, 'order-4815');
		const again = await sendWithKey(NUMBERS.ok, 'order-4815');
		expect(again.nodeError).toBeUndefined();
		expect(again.items[0].json.id).toBe(first.items[0].json.id);
		expect(faxIds()).toHaveLength(1);
	});

	it('the same key and number again right away in a new execution of another process is not flagged by the clock', async () => {
		// A genuine retry by the user moments later (same key, same fax): the provider returns
		// the fax it just created; nothing in the answer says it is another fax.
		const first = await sendWithKey(NUMBERS.ok, 'order-4815-attempt-1');
		forgetSends();
		const again = await sendWithKey(NUMBERS.ok, 'order-4815-attempt-1');
		expect(again.nodeError).toBeUndefined();
		expect(again.items[0].json.id).toBe(first.items[0].json.id);
	});
});
