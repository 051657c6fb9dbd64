import path from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	createHarness,
	type CredentialsData,
	type Harness,
	type Poller,
	type PollResult,
} from '../harness';
import type { Simulator, SimulatorOptions } from '../../simulator';
import { FAXROCKS_TOKENS, SENDFAXMAIL_KEYS, makeSimplePdf, startSimulator } from '../../simulator';

export const PACKAGE_DIR = path.resolve(__dirname, '../..');
export const FAX_TRIGGER = 'n8n-nodes-fax.faxTrigger';
export const SFM_TRIGGER = 'n8n-nodes-fax.sendFaxMailTrigger';
export const NODE_KEY = 'node:Fax Trigger';

/** A minute boundary on the virtual clock. */
export const START = '2026-03-02T12:00:00.000Z';

export type TriggerProvider = 'faxRocks' | 'sendFaxMail';

export const pdf1 = makeSimplePdf(1, 'Trigger test document');
export const pdf3 = makeSimplePdf(3, 'Trigger test document');

export async function startSim(options: SimulatorOptions = {}): Promise<Simulator> {
	return await startSimulator({ speed: 0, startTime: START, ...options });
}

export async function startHarness(): Promise<Harness> {
	return await createHarness({ packageDir: PACKAGE_DIR });
}

/**
 * The lifecycle the Fax Trigger suites share, registered in the calling `describe`: one harness and
 * one simulator (`simOptions`) for the block, started before all tests and stopped after them, the
 * simulator reset before each test (then `afterReset`, if given). `use` receives both once started.
 */
export function useHarnessAndSim(
	simOptions: SimulatorOptions,
	use: (harness: Harness, sim: Simulator) => void,
	afterReset?: () => void,
): void {
	let harness: Harness;
	let sim: Simulator;

	beforeAll(async () => {
		harness = await startHarness();
		sim = await startSim(simOptions);
		use(harness, sim);
	});

	afterAll(async () => {
		await sim.stop();
		await harness.close();
	});

	beforeEach(() => {
		sim.reset();
		afterReset?.();
	});
}

export function credentialsFor(
	sim: Simulator,
	provider: TriggerProvider,
	extra: Record<string, string> = {},
): CredentialsData {
	return provider === 'faxRocks'
		? {
				faxRocksApi: {
					apiToken: FAXROCKS_TOKENS.primary,
					baseUrl: sim.baseUrls.faxRocks,
					...extra,
				},
			}
		: {
				sendFaxMailApi: {
					apiKey: SENDFAXMAIL_KEYS.business,
					baseUrl: sim.baseUrls.sendFaxMail,
					...extra,
				},
			};
}

/** Sends one fax per number straight to the simulator's provider API (not through the Fax node). */
export async function sendFaxes(
	sim: Simulator,
	provider: TriggerProvider,
	numbers: string[],
	document: Buffer = pdf1,
): Promise<void> {
	if (provider === 'faxRocks') {
		for (let index = 0; index < numbers.length; index += 10) {
			const chunk = numbers.slice(index, index + 10);
			const response = await fetch(`${sim.baseUrls.faxRocks}/send`, {
				method: 'POST',
				headers: {
					Authorization: `Bearer ${FAXROCKS_TOKENS.primary}`,
					'Content-Type': 'application/json',
					Accept: 'application/json',
				},
				body: JSON.stringify({ numbers: chunk, data: document.toString('base64') }),
			});
			if (response.status !== 201) throw new Error(`faxrocks send answered ${response.status}`);
			await response.arrayBuffer();
		}
		return;
	}
	for (const to of numbers) {
		const response = await fetch(`${sim.baseUrls.sendFaxMail}/v1/faxes`, {
			method: 'POST',
			headers: {
				Authorization: `Bearer ${SENDFAXMAIL_KEYS.business}`,
				'Content-Type': 'application/json',
			},
			body: JSON.stringify({
				to,
				document: { content: document.toString('base64'), content_type: 'application/pdf' },
			}),
		});
		if (response.status !== 201) throw new Error(`SendFAXMail send answered ${response.status}`);
		await response.arrayBuffer();
	}
}

/** Ids of the simulator's faxes for a provider, in creation order (outbound only). */
export function simIds(
	sim: Simulator,
	provider: TriggerProvider,
	filter: (fax: ReturnType<Simulator['faxes']>[number]) => boolean = () => true,
): string[] {
	return sim
		.faxes({ provider })
		.filter((fax) => fax.direction === 'outbound' && filter(fax))
		.map((fax) => fax.id);
}

export function emittedIds(result: PollResult): string[] {
	return (result.items?.[0] ?? []).map((item) => String(item.json.id));
}

/**
 * One workflow with a Fax Trigger as n8n runs it:
 * - `activate()` = `ActiveWorkflowManager.add`: a new `Workflow` from the saved static data,
 *   one poll right away (`ActiveWorkflows.activatePolling` → `executeTrigger(true)`; an error
 *   fails the activation) and then `saveStaticData` — so the baseline survives restarts.
 * - `poll()` = a scheduled poll; n8n saves static data only when the poll emits.
 * - `restart()` = n8n restarting: everything in memory is lost, the workflow is activated again.
 */
export class Activation {
	private poller: Poller | undefined;
	private persisted: IDataObject;
	/** Every fax id emitted so far, in emission order (repeats kept, so duplicates show). */
	readonly emitted: string[] = [];
	readonly results: PollResult[] = [];

	constructor(
		private readonly harness: Harness,
		private readonly options: { parameters: INodeParameters; credentials: CredentialsData },
		staticData: IDataObject = {},
	) {
		this.persisted = JSON.parse(JSON.stringify(staticData)) as IDataObject;
	}

	async activate(): Promise<PollResult> {
		const activation = this.harness.createPoller({
			type: FAX_TRIGGER,
			...this.options,
			staticData: this.persisted,
		});
		this.poller = undefined;
		const result = await activation.poll();
		this.persisted = result.inMemoryStaticData;
		this.poller = this.harness.createPoller({
			type: FAX_TRIGGER,
			...this.options,
			staticData: this.persisted,
		});
		this.record(result);
		return result;
	}

	async poll(): Promise<PollResult> {
		if (!this.poller) throw new Error('not active');
		const result = await this.poller.poll();
		this.persisted = this.poller.persistedStaticData();
		this.record(result);
		return result;
	}

	async restart(): Promise<PollResult> {
		if (this.poller) this.persisted = this.poller.persistedStaticData();
		return await this.activate();
	}

	/** The node's static data as the database holds it. */
	saved(): IDataObject {
		return (this.persisted[NODE_KEY] ?? {}) as IDataObject;
	}

	/** The node's static data in memory after the last poll. */
	current(): IDataObject {
		const last = this.results.at(-1);
		return last ? last.nodeStaticData : {};
	}

	private record(result: PollResult): void {
		this.results.push(result);
		this.emitted.push(...emittedIds(result));
	}
}

export function countBy<T>(values: T[]): Map<T, number> {
	const counts = new Map<T, number>();
	for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
	return counts;
}

/** Fictional US numbers `+1 212 555-01XX`; `suffix` picks the simulator's outcome (0111 failed, 0122 partial, …). */
export function number(suffix: string): string {
	return `+1212555${suffix}`;
}

export type NodeFailure = Error & { description?: string | null };

/** The error a promise rejects with (fails the test if it resolves). */
export async function failure(promise: Promise<unknown>): Promise<NodeFailure> {
	const outcome = await promise.then(
		() => undefined,
		(error: unknown) => error as NodeFailure,
	);
	if (!(outcome instanceof Error)) throw new Error('expected a failure');
	return outcome;
}
