/**
 * Rate limits: FaxDrop's sends are paced from its X-RateLimit-* headers, so a batch of 10
 * under a small minute limit goes out whole without 429s reaching the user; no patience
 * (Max Rate-Limit Wait 0) gives a clear error; a 429 with Retry-After is waited out and the
 * request repeated (the provider did not act on it).
 */
import {
	FAXDROP_SENDER,
	NUMBERS,
	SEND_PATH,
	jsonOf,
	runFax,
	useFaxEnv,
	type Json,
} from './helpers';

const env = useFaxEnv();

const TEN = Array.from(
	{ length: 10 },
	(_, index) => `+1212555${String(160 + index).padStart(4, '0')}`,
);

describe('FaxDrop pacing', () => {
	it('a batch of 10 under 3 sends a minute: all sent, paced by the headers', async () => {
		// 0.34 × (10/min, 30/h) = 3 a minute, 10 an hour; at 60x a minute is one real second.
		env.sim.configure({ rateLimitScale: 0.34 });
		env.sim.setSpeed(60);
		const started = Date.now();
		const result = await runFax(env, {
			provider: 'faxDrop',
			operation: 'sendBatch',
			parameters: { toNumbers: TEN.join('\n'), ...FAXDROP_SENDER },
		});
		const elapsed = Date.now() - started;
		env.sim.setSpeed(0);

		expect(result.run.status).toBe('success');
		const items = jsonOf(result.items);
		expect(items).toHaveLength(10);
		expect(items.map((item) => item.to)).toEqual(TEN);
		expect(
			items.every(
				(item) => item.status === 'queued' && typeof item.id === 'string' && item.error === null,
			),
		).toBe(true);
		expect(env.sim.faxes()).toHaveLength(10);

		const posts = env.sim.requests({ method: 'POST', path: SEND_PATH.faxDrop });
		const refused = posts.filter((request) => request.status === 429);
		expect(refused.length).toBeLessThanOrEqual(1);
		expect(posts.filter((request) => request.status === 200)).toHaveLength(10);
		// At most 3 per virtual minute: the node waited for the windows instead of failing.
		const perMinute = new Map<string, number>();
		for (const request of posts.filter((entry) => entry.status === 200)) {
			const minute = request.at.slice(0, 16);
			perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
		}
		expect(Math.max(...perMinute.values())).toBeLessThanOrEqual(3);
		expect(perMinute.size).toBeGreaterThanOrEqual(4);
		expect(elapsed).toBeGreaterThan(1500);
	});

	it('Max Rate-Limit Wait 0: a clear error instead of waiting', async () => {
		env.sim.configure({ rateLimitScale: 0.1 });
		const first = await runFax(env, {
			provider: 'faxDrop',
			operation: 'send',
			parameters: { toNumber: NUMBERS.ok, ...FAXDROP_SENDER },
		});
		expect(first.run.status).toBe('success');
		const second = await runFax(env, {
			provider: 'faxDrop',
			operation: 'send',
			parameters: {
				toNumber: NUMBERS.ok2,
				...FAXDROP_SENDER,
				options: { maxRateLimitWaitSeconds: 0 },
			},
		});
		expect(second.run.status).toBe('error');
		const error = second.nodeError as Json;
		expect(error.message).toMatch(
			/FaxDrop rate limit: the next request is allowed in \d+ s, longer than the maximum wait of 0 s/,
		);
		expect(error.description).toMatch(/Raise "Max Rate-Limit Wait"/);
		expect(error.description).toMatch(/Nothing was sent/);
		expect(env.sim.faxes()).toHaveLength(1);
	});
});

describe('429 with Retry-After is waited out and repeated', () => {
	it.each(['faxDrop', 'sendFaxMail'] as const)('%s send', async (provider) => {
		env.sim.addFault({ method: 'POST', path: SEND_PATH[provider], kind: '429', retryAfter: 1 });
		const result = await runFax(env, {
			provider,
			operation: 'send',
			parameters: { toNumber: NUMBERS.ok, ...(provider === 'faxDrop' ? FAXDROP_SENDER : {}) },
		});
		expect(result.run.status).toBe('success');
		const posts = env.sim.requests({ method: 'POST', path: SEND_PATH[provider] });
		expect(posts.map((request) => request.status)).toEqual([
			429,
			provider === 'faxDrop' ? 200 : 201,
		]);
		expect(Date.parse(posts[1].realAt) - Date.parse(posts[0].realAt)).toBeGreaterThanOrEqual(950);
		expect(env.sim.faxes()).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ id: env.sim.faxes()[0].id, status: 'queued' });
		if (provider === 'sendFaxMail') {
			expect(posts[0].headers['idempotency-key']).toBe(posts[1].headers['idempotency-key']);
		}
	});
});
