import { createHash } from 'node:crypto';

import type { IExecuteFunctions } from 'n8n-workflow';

import { yieldToLoop } from '../../document/yieldToLoop';

/**
 * SHA-256 of an item's input binary field(s), taken once per item and run of the node: the
 * document cache finds a document by it, the Idempotency-Key and the memo's fingerprint are
 * derived from it. An item's inputs don't change while the node runs, so one read and one hash
 * serve all three (reading and hashing a 1 MB file is about a millisecond; a batch pays it per
 * item).
 */

const HASH_STEP = 4 * 1024 * 1024;

/** Digests already taken in this run of the node (its context), per item and field names. */
const digestsOfRun = new WeakMap<object, Map<string, Promise<string | undefined>>>();

/** The Input Binary Field(s) parameter as names (empty when none is named). */
export function inputBinaryNames(ctx: IExecuteFunctions, itemIndex: number): string[] {
	return String(ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data'))
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
}

/**
 * The digest of `names` of the item, or undefined when one of them does not read (the document
 * step reports why). Hashed in steps, letting other executions run: hashing 100 MB in one go
 * blocks for ~0.3 s.
 */
export async function inputDigest(
	ctx: IExecuteFunctions,
	itemIndex: number,
	names: string[] = inputBinaryNames(ctx, itemIndex),
): Promise<string | undefined> {
	if (!names.length) return undefined;
	let ofRun = digestsOfRun.get(ctx);
	if (!ofRun) {
		ofRun = new Map();
		digestsOfRun.set(ctx, ofRun);
	}
	const key = JSON.stringify([itemIndex, names]);
	let digest = ofRun.get(key);
	if (!digest) {
		digest = readDigest(ctx, itemIndex, names);
		ofRun.set(key, digest);
	}
	return await digest;
}

async function readDigest(
	ctx: IExecuteFunctions,
	itemIndex: number,
	names: string[],
): Promise<string | undefined> {
	const hash = createHash('sha256');
	for (const name of names) {
		let bytes: Buffer;
		try {
			bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, name);
		} catch {
			return undefined;
		}
		hash.update(`${name}:${bytes.length}:`);
		for (let start = 0; start < bytes.length; start += HASH_STEP) {
			hash.update(bytes.subarray(start, start + HASH_STEP));
			if (start + HASH_STEP < bytes.length) await yieldToLoop();
		}
	}
	return hash.digest('hex');
}
