/**
 * One send of one document through the Fax node in this process, measured: what the
 * one-process-per-case scenarios (crafted files, the PDF bomb) report about the execution.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

import type { Harness } from '../../test/harness';
import {
	FAX_NODE,
	sendParameters,
	simCredentials,
	type ProviderName,
	type SimUrls,
} from '../lib/setup';

export interface TimedSend {
	/** Wall time of the one n8n-core execution of the Fax node. */
	ms: number;
	/** CPU time this process spent in it (user + system): less disturbed by other load. */
	cpuMs: number;
	/** Longest the event loop was blocked during that execution, by the scenario's meter. */
	maxBlockMs: number;
	refused: boolean;
	message: string | null;
}

/** What a scenario reports when it only measured the idle process. */
export const NOT_SENT: TimedSend = {
	ms: 0,
	cpuMs: 0,
	maxBlockMs: 0,
	refused: false,
	message: null,
};

/** Started when the send starts; `stop` gives the longest block in milliseconds. */
export type BlockMeter = () => { stop(): number };

/**
 * The longest stretch the event loop did not turn, from a 1 ms interval's gaps (plus the gap
 * from its last tick to the end): unlike `monitorEventLoopDelay`, a single block that lasts
 * the whole execution is seen too.
 */
export const intervalGapMeter: BlockMeter = () => {
	let last = performance.now();
	let longest = 0;
	const timer = setInterval(() => {
		const now = performance.now();
		longest = Math.max(longest, now - last);
		last = now;
	}, 1);
	return {
		stop() {
			clearInterval(timer);
			return Math.max(longest, performance.now() - last);
		},
	};
};

/** Node's event-loop delay histogram (10 ms resolution), its maximum. */
export const loopDelayMeter: BlockMeter = () => {
	const delay = monitorEventLoopDelay({ resolution: 10 });
	delay.enable();
	return {
		stop() {
			delay.disable();
			return delay.max / 1e6;
		},
	};
};

/** The document sent once with continueOnFail, so a refusal is an item with the message. */
export async function timedSend(
	harness: Harness,
	options: {
		provider: ProviderName;
		sim: SimUrls;
		document: { data: Buffer; fileName: string; mimeType: string };
		meter: BlockMeter;
	},
): Promise<TimedSend> {
	const started = performance.now();
	const cpuBefore = process.cpuUsage();
	const meter = options.meter();
	const result = await harness.runNode({
		type: FAX_NODE,
		parameters: sendParameters(options.provider, '+12125550150'),
		credentials: simCredentials(options.sim),
		binaries: [{ data: options.document }],
		nodeOptions: { continueOnFail: true },
	});
	const maxBlockMs = meter.stop();
	const ms = performance.now() - started;
	const cpu = process.cpuUsage(cpuBefore);
	// A sent fax's item has `error: null`; an error item has the message.
	const error = result.items[0]?.json.error as { message?: string } | string | null | undefined;
	return {
		ms,
		cpuMs: (cpu.user + cpu.system) / 1000,
		maxBlockMs,
		refused: error !== undefined && error !== null,
		message: typeof error === 'string' ? error : (error?.message ?? null),
	};
}
