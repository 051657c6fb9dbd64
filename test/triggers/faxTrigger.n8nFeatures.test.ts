/**
 * The Fax Trigger on newer n8n: what n8n 2.38+ gives a poll (`getPollBudgetMs()`, the time
 * before n8n abandons it) is used where the context offers it; the n8n 2.8 context has none and
 * keeps the behaviour the other trigger suites prove. The contexts are the harness's real
 * n8n-core PollContext; for the newer n8n, `getPollBudgetMs` is added to it as n8n 2.41's
 * PollContext defines it (PollerOptions.pollBudgetMs).
 */
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import type { Harness } from '../harness';
import type { Simulator } from '../../simulator';
import {
	FAX_TRIGGER,
	credentialsFor,
	emittedIds,
	failure,
	number,
	sendFaxes,
	simIds,
	useHarnessAndSim,
} from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { resetRateLimitState } = require('../../dist/nodes/Fax/transport/rateLimiter') as {
	resetRateLimitState: () => void;
};

const ALL = ['cancelled', 'delivered', 'failed', 'partial'];

describe('Fax Trigger: n8n features used where n8n offers them', () => {
	let harness: Harness;
	let sim: Simulator;

	useHarnessAndSim(
		{ rateLimits: false },
		(startedHarness, startedSim) => {
			harness = startedHarness;
			sim = startedSim;
		},
		resetRateLimitState,
	);

	const requestsAfter = (seq: number) =>
		sim.requests({ provider: 'faxRocks' }).filter((request) => request.seq > seq).length;
	const lastSeq = () => sim.requests().at(-1)?.seq ?? 0;

	it("with n8n's poll budget half spent, the catch-up read waits for the next poll; nothing is lost", async () => {
		const options = {
			type: FAX_TRIGGER,
			parameters: { provider: 'faxRocks', statuses: ALL },
			credentials: credentialsFor(sim, 'faxRocks'),
			staticData: {},
			// No time left: the newest page only.
			pollBudgetMs: 0,
		};
		const trigger = harness.createPoller(options);
		await trigger.poll();

		// More faxes end than the newest page holds: the cursor is below it.
		await sendFaxes(
			sim,
			'faxRocks',
			Array.from({ length: 150 }, () => number('0150')),
		);
		await sim.advanceClock(600);
		let seq = lastSeq();
		const spent = await trigger.poll();
		expect(requestsAfter(seq)).toBe(1);
		expect(emittedIds(spent)).toEqual([]);

		// A poll with time to spare (n8n 2.41's in-memory polls get five minutes) catches up.
		options.pollBudgetMs = 5 * 60_000;
		seq = lastSeq();
		const next = await trigger.poll();
		expect(requestsAfter(seq)).toBe(2);
		const sent = simIds(sim, 'faxRocks');
		expect(sent).toHaveLength(150);
		expect([...emittedIds(next)].sort()).toEqual([...sent].sort());
	});

	it('a rate-limit pause longer than a quarter of the poll budget fails the poll at once instead of outlasting it', async () => {
		const options = {
			type: FAX_TRIGGER,
			parameters: { provider: 'sendFaxMail', statuses: ALL },
			credentials: credentialsFor(sim, 'sendFaxMail'),
			staticData: {},
			// n8n's default with the durable scheduler: min(45 s timeout, 60 s lease) less 9 s.
			pollBudgetMs: 36_000,
		};
		const trigger = harness.createPoller(options);
		await trigger.poll();
		await sendFaxes(sim, 'sendFaxMail', [number('0111')]);
		await sim.advanceClock(31);
		// 20 s is within the 30 s an n8n without a budget waits, not within 9 s of a 36 s budget.
		sim.addFault({ method: 'GET', path: '/sendfaxmail/v1/faxes', kind: '429', retryAfter: 20 });
		const error = await failure(trigger.poll());
		expect(error.message).toMatch(
			/SendFAXMail rate limit: .*20 s, longer than the maximum wait of 9 s/,
		);
		expect(error.description).toMatch(/next poll/i);

		// Nothing lost: once the pause is over, the next poll emits the fax.
		resetRateLimitState();
		const next = await trigger.poll();
		expect(emittedIds(next)).toEqual(simIds(sim, 'sendFaxMail'));
	});

	it('the node says n8n polls at most once a minute and names the fast path', () => {
		const description = harness.package.nodeTypes.getByNameAndVersion(FAX_TRIGGER, 1)
			.description as INodeTypeDescription;
		const notice = description.properties.find(
			(property) => property.name === 'pollTimesNotice',
		) as INodeProperties;
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toMatch(/at most once a minute/);
		expect(notice.displayName).toMatch(
			/"Wait for Completion" on Send or the "Wait for Final Status" operation/,
		);
	});
});
