/**
 * faxrocks' send returns no id: the node finds the new fax in the list. Concurrent executions
 * sending to one number must each get their own fax (never one fax for two items), with the
 * process-wide store and with Redis; a fax the list can't attribute gets no id and says so.
 */
import type { IDataObject } from 'n8n-workflow';

import { SIM_KEYS } from '../../simulator';
import {
	FAX_NODE,
	NUMBERS,
	SEND_PATH,
	credentialsFor,
	jsonOf,
	pdfBinary,
	testPdf,
	until,
	useFaxEnv,
	type Json,
} from '../fax/helpers';
import { useRedisServer } from './nodeModules';
import { Redis } from './redisCredential';
import { closedPort } from './redisServer';

const env = useFaxEnv({}, { credentials: [new Redis()] });
const redis = useRedisServer();
let executions = 0;

type Kind = 'none' | 'redis';

async function send(kind: Kind, items = 1, redisPort = redis.port) {
	return await env.harness.runNode({
		type: FAX_NODE,
		parameters: {
			provider: 'faxRocks',
			resource: 'fax',
			operation: 'send',
			toNumber: NUMBERS.ok,
			sharedState: kind,
		},
		credentials: {
			...credentialsFor(env.sim, 'faxRocks'),
			...(kind === 'redis' ? { redis: { ...redis.credential, port: redisPort } } : {}),
		},
		items: Array.from({ length: items }, () => ({ json: {}, binary: pdfBinary() })),
		executionId: `claims-${++executions}`,
	});
}

describe.each<Kind>(['none', 'redis'])(
	'faxrocks fax ids under concurrency (Shared State %s)',
	(kind) => {
		it('ten executions sending to one number at once get ten different faxes', async () => {
			const runs = await Promise.all(Array.from({ length: 10 }, async () => await send(kind)));
			const items: Json[] = runs.flatMap((run) => jsonOf(run.items));
			expect(runs.map((run) => run.nodeError?.message ?? null)).toEqual(Array(10).fill(null));
			expect(items).toHaveLength(10);
			const ids = items.map((item) => item.id);
			expect(ids.every((id) => typeof id === 'string')).toBe(true);
			expect(new Set(ids).size).toBe(10);
			// Each is a real fax of the simulator, to that number.
			const simIds = env.sim.faxes({ provider: 'faxRocks', to: NUMBERS.ok }).map((fax) => fax.id);
			expect(simIds).toHaveLength(10);
			expect([...ids].sort()).toEqual([...simIds].map(String).sort());
			expect(items.every((item) => item.error === null)).toBe(true);
		});

		it('three executions of four items each to one number: twelve faxes, twelve ids', async () => {
			const runs = await Promise.all([1, 2, 3].map(async () => await send(kind, 4)));
			const ids = runs.flatMap((run) => jsonOf(run.items).map((item: Json) => item.id));
			expect(ids).toHaveLength(12);
			expect(new Set(ids).size).toBe(12);
			expect(ids.every((id) => typeof id === 'string')).toBe(true);
		});

		it('a fax sent outside n8n to the same number at the same moment: no guess, id null and why', async () => {
			// The node's upload waits at the simulator until the outside fax exists.
			env.sim.addFault({ method: 'POST', path: SEND_PATH.faxRocks, kind: 'hold' });
			const running = send(kind);
			await until(
				() => env.sim.requests({ method: 'POST', path: SEND_PATH.faxRocks }).length === 1,
			);
			// The faxrocks web app (or another tool) sends to the same number meanwhile.
			const outside = await fetch(`${env.sim.baseUrls.faxRocks}/send`, {
				method: 'POST',
				headers: {
					authorization: `Bearer ${SIM_KEYS.faxRocks.primary}`,
					'content-type': 'application/json',
					accept: 'application/json',
				},
				body: JSON.stringify({ number: NUMBERS.ok, data: testPdf(1).toString('base64') }),
			});
			expect(outside.status).toBeLessThan(300);
			expect(env.sim.releaseHeld()).toBe(1);
			const run = await running;
			expect(run.nodeError).toBeUndefined();
			const [item] = jsonOf(run.items) as Json[];
			expect(item.id).toBeNull();
			expect(item.status).toBe('queued');
			expect(item.error.code).toBe('FAX_ID_AMBIGUOUS');
			expect(item.error.message).toMatch(/can't tell which one is this item's/);
			expect(item.error.message).not.toContain(NUMBERS.ok.slice(2));
			// Not sent again: the node's fax and the outside one.
			expect(env.sim.faxes({ provider: 'faxRocks', to: NUMBERS.ok })).toHaveLength(2);
		});
	},
);

describe('Shared State Redis unreachable', () => {
	it('the send fails before upload with a clear error naming Redis; nothing reaches faxrocks', async () => {
		const port = await closedPort();
		const run = await send('redis', 1, port);
		expect(run.nodeError?.message).toBe(
			`Shared State: could not use Redis at 127.0.0.1:${port} (connection refused) (field "sharedState", item 0)`,
		);
		expect((run.nodeError as IDataObject | undefined)?.description).toMatch(/Nothing was sent/);
		expect(env.sim.requests({ path: '/faxrocks' })).toHaveLength(0);
	});
});
