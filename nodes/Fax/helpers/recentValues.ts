/**
 * A map of at most `max` entries that drops its oldest entry to make room: for values worth
 * keeping while a batch runs (the same few numbers, one credential) but never without bound.
 */
export class RecentValues<K, V> {
	private readonly entries = new Map<K, V>();

	constructor(private readonly max: number) {}

	has(key: K): boolean {
		return this.entries.has(key);
	}

	get(key: K): V | undefined {
		return this.entries.get(key);
	}

	set(key: K, value: V): void {
		if (!this.entries.has(key) && this.entries.size >= this.max) {
			const oldest = this.entries.keys().next();
			if (!oldest.done) this.entries.delete(oldest.value);
		}
		this.entries.set(key, value);
	}

	get size(): number {
		return this.entries.size;
	}
}
