import type { SharedStore } from './types';

const MAX_ENTRIES = 100_000;

interface Entry {
	value: string;
	expiresAt: number;
}

/**
 * The state of this n8n process only (Shared State "none"): one map for the whole process, so
 * every execution and item in it sees the same claims, memos and rate-limit windows.
 */
class MemoryStore implements SharedStore {
	readonly kind = 'none' as const;

	readonly label = 'this n8n process';

	private readonly entries = new Map<string, Entry>();

	private read(key: string, now = Date.now()): Entry | undefined {
		const entry = this.entries.get(key);
		if (entry && entry.expiresAt <= now) {
			this.entries.delete(key);
			return undefined;
		}
		return entry;
	}

	private write(key: string, value: string, ttlMs: number): void {
		const now = Date.now();
		this.entries.delete(key);
		this.entries.set(key, { value, expiresAt: now + Math.max(1, ttlMs) });
		// Insertion order is write order: drop the oldest while over the cap or expired.
		for (const [oldKey, entry] of this.entries) {
			if (this.entries.size <= MAX_ENTRIES && entry.expiresAt > now) break;
			this.entries.delete(oldKey);
		}
	}

	async claim(key: string, ttlMs: number, value = '1'): Promise<boolean> {
		if (this.read(key)) return false;
		this.write(key, value, ttlMs);
		return true;
	}

	async replaceIf(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
		if (this.read(key)?.value !== expected) return false;
		this.write(key, value, ttlMs);
		return true;
	}

	async release(key: string, value: string): Promise<void> {
		if (this.read(key)?.value === value) this.entries.delete(key);
	}

	async get(key: string): Promise<string | undefined> {
		return this.read(key)?.value;
	}

	async put(key: string, value: string, ttlMs: number): Promise<void> {
		this.write(key, value, ttlMs);
	}

	async raiseTo(key: string, value: number, ttlMs: number): Promise<void> {
		const current = Number(this.read(key)?.value ?? Number.NEGATIVE_INFINITY);
		if (value > current) this.write(key, String(value), ttlMs);
	}

	async increment(key: string, ttlMs: number): Promise<number> {
		const entry = this.read(key);
		const count = Number(entry?.value ?? 0) + 1;
		if (entry) entry.value = String(count);
		else this.write(key, String(count), ttlMs);
		return count;
	}

	/** Forgets everything (tests; simulates another n8n process that shares nothing). */
	clear(prefix = ''): void {
		for (const key of [...this.entries.keys()])
			if (key.startsWith(prefix)) this.entries.delete(key);
	}
}

export const processStore = new MemoryStore();
export type { MemoryStore };
