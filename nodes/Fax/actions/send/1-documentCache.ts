import type { IExecuteFunctions } from 'n8n-workflow';

import { DocumentError } from '../../document';
import type { FaxDocument } from '../../providers/types';
import { inputDigest } from './1-inputDigest';

/**
 * Each distinct document is processed once per run of the node: a batch of 30 items carrying
 * the same file (or one file sent to many numbers item by item) is read, checked, cleaned and
 * rebuilt once, and every item uploads that one result. Entries are found by what determines
 * the output: the input bytes (by n8n's binary id, which names immutable data, or else by
 * their SHA-256, see 1-inputDigest.ts) and property names, plus every option the document step
 * reads (see `DocumentKeyParts`). Documents with a generated cover page are never cached: the cover names
 * the recipient and the time.
 *
 * The cache lives as long as the node's run (it is keyed on the run's context object) and
 * holds a few entries at most, so a run over many different files keeps no more than a few
 * documents in memory. A refusal is cached too (the same crafted file in 30 items is refused
 * once, each item getting its own error); an unexpected failure is not.
 */

/** Everything besides the bytes that changes what the document step produces. */
export interface DocumentKeyParts {
	target: 'pdf' | 'asIs';
	removeHiddenContent: boolean;
	pageSize: string;
	maxBytes: number | undefined;
	providerName: string;
}

interface Entry {
	result: Promise<FaxDocument>;
	bytes: number;
}

const MAX_ENTRIES = 4;
const MAX_BYTES = 128 * 1000 * 1000;

class DocumentCache {
	private readonly entries = new Map<string, Entry>();
	private bytes = 0;
	/** binary id → content key, so an item whose binary was seen is not even read again. */
	readonly byBinaryId = new Map<string, string>();

	get(key: string): Promise<FaxDocument> | undefined {
		return this.entries.get(key)?.result;
	}

	set(key: string, result: Promise<FaxDocument>, bytes: number): void {
		this.entries.set(key, { result, bytes });
		this.bytes += bytes;
		for (const [oldKey, entry] of this.entries) {
			if (this.entries.size <= MAX_ENTRIES && this.bytes <= MAX_BYTES) break;
			if (oldKey === key) break;
			this.entries.delete(oldKey);
			this.bytes -= entry.bytes;
		}
	}

	delete(key: string): void {
		const entry = this.entries.get(key);
		if (!entry) return;
		this.entries.delete(key);
		this.bytes -= entry.bytes;
	}
}

const caches = new WeakMap<object, DocumentCache>();

/** Documents built (not found in a cache) since the process started: for tests and the bench. */
export const documentCacheCounts = { built: 0, reused: 0 };

function cacheOf(ctx: IExecuteFunctions): DocumentCache {
	let cache = caches.get(ctx);
	if (!cache) {
		cache = new DocumentCache();
		caches.set(ctx, cache);
	}
	return cache;
}

/** The item's binary ids for the named properties, when n8n stores them by id. */
function binaryIds(ctx: IExecuteFunctions, itemIndex: number, names: string[]): string[] | null {
	const binary = ctx.getInputData()[itemIndex]?.binary;
	const ids = names.map((name) => binary?.[name]?.id);
	return ids.every((id): id is string => typeof id === 'string' && id !== '') ? ids : null;
}

function optionsKey(parts: DocumentKeyParts): string {
	return JSON.stringify([
		parts.target,
		parts.removeHiddenContent,
		parts.pageSize,
		parts.maxBytes ?? null,
		parts.providerName,
	]);
}

/** The same refusal for another item. */
function forItem(error: unknown, itemIndex: number): unknown {
	if (!(error instanceof DocumentError)) return error;
	const copy = new DocumentError(error.code, error.message, error.hint, error.field);
	copy.itemIndex = itemIndex;
	return copy;
}

/**
 * The item's document, built by `build` from the inputs `read` returns, or the result of an
 * earlier item of this run with the same inputs and options.
 */
export async function cachedDocument(
	ctx: IExecuteFunctions,
	itemIndex: number,
	names: string[],
	parts: DocumentKeyParts,
	read: () => Promise<Array<{ data: Buffer; propertyName: string }>>,
	build: (inputs: Array<{ data: Buffer; propertyName: string }>) => Promise<FaxDocument>,
): Promise<FaxDocument> {
	const cache = cacheOf(ctx);
	const options = optionsKey(parts);
	const ids = binaryIds(ctx, itemIndex, names);
	const idKey = ids ? JSON.stringify([ids, names, options]) : null;
	let key = idKey ? cache.byBinaryId.get(idKey) : undefined;
	if (!key) {
		// The digest the Idempotency-Key and the memo use too: the item is read and hashed once.
		const digest = await inputDigest(ctx, itemIndex, names);
		// Unreadable: reading again reports why (e.g. no binary field of that name).
		if (digest === undefined) return await build(await read());
		key = JSON.stringify([digest, names, options]);
		if (idKey) cache.byBinaryId.set(idKey, key);
	}
	let result = cache.get(key);
	if (!result) {
		const data = await read();
		documentCacheCounts.built++;
		result = build(data);
		const bytes = data.reduce((sum, input) => sum + input.data.length, 0);
		cache.set(key, result, 2 * bytes);
		const entryKey = key;
		result.catch((error: unknown) => {
			if (!(error instanceof DocumentError)) cache.delete(entryKey);
		});
	} else {
		documentCacheCounts.reused++;
	}
	try {
		return await result;
	} catch (error) {
		throw forItem(error, itemIndex);
	}
}
