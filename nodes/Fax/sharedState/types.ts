export type SharedStateKind = 'none' | 'redis';

/**
 * State the nodes keep across items, executions and n8n processes. Every operation is atomic
 * on its own (one Redis command or script): callers never read a value, change it and write
 * it back, so two processes can't overwrite each other's update.
 */
export interface SharedStore {
	readonly kind: SharedStateKind;
	/** Where the state lives, for messages: "this n8n process" or "Redis at host:port". */
	readonly label: string;
	/** Sets `key` to `value` only if it is absent (SET NX PX). True if this call set it. */
	claim(key: string, ttlMs: number, value?: string): Promise<boolean>;
	/**
	 * Sets `key` to `value` (expiry `ttlMs`) only if it still holds `expected`, e.g. a lease this
	 * caller took made permanent. True if this call set it.
	 */
	replaceIf(key: string, expected: string, value: string, ttlMs: number): Promise<boolean>;
	/** Deletes `key` only if it still holds `value` (a claim this caller made). */
	release(key: string, value: string): Promise<void>;
	get(key: string): Promise<string | undefined>;
	/** Replaces `key` as a whole (one writer per key, e.g. one item's send memo). */
	put(key: string, value: string, ttlMs: number): Promise<void>;
	/** Sets the number at `key` to `value` unless it already holds a larger one. */
	raiseTo(key: string, value: number, ttlMs: number): Promise<void>;
	/** Adds one to the counter at `key` (created with expiry `ttlMs`) and returns the new count. */
	increment(key: string, ttlMs: number): Promise<number>;
}
